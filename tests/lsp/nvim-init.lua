-- nvim-init.lua: a minimal Neovim (0.7 or later) that starts `thread lsp`
-- for the Markdown and YAML files of the repository $ROOT, for t0991.
--
-- ThreadDiagnostics(out): wait (at most 10 s) until the server has sent
-- diagnostics for the current buffer, then write them to `out`, one a
-- line, as thread lint prints its findings:
--     FILE:LINE:COL: SEVERITY: MESSAGE [RULE]
-- with FILE from the repository root, LINE and COL 1-based, COL in bytes
-- (Neovim turns the protocol's UTF-16 columns into byte columns).
--
-- ThreadCodeAction(match, out): ask for the code actions at the first
-- diagnostic of rule `match`, apply the first one that has an edit, write
-- the buffer, and write the action's title to `out`.
local root = os.getenv('ROOT')
local thread = os.getenv('THREAD')

local client = vim.lsp.start_client({
  name = 'thread',
  cmd = { thread, 'lsp' },
  root_dir = root,
})

local published = {}
local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default(err, result, ctx, config)
  published[vim.uri_to_bufnr(result.uri)] = true
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'yaml' },
  callback = function(args)
    vim.lsp.buf_attach_client(args.buf, client)
  end,
})

local function fail(msg)
  io.stderr:write(msg .. '\n')
  vim.cmd('cquit 3')
end

function ThreadDiagnostics(out)
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(10000, function() return published[buf] end, 20) then
    fail('no diagnostics from thread lsp in 10 s')
  end
  local file = vim.api.nvim_buf_get_name(buf):sub(#root + 2)
  local names = { [vim.diagnostic.severity.ERROR] = 'error',
                  [vim.diagnostic.severity.WARN] = 'warning' }
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(lines, string.format('%s:%d:%d: %s: %s [%s]', file, d.lnum + 1,
      d.col + 1, names[d.severity] or '?', d.message, d.code or d.user_data.lsp.code))
  end
  table.sort(lines)
  vim.fn.writefile(lines, out)
end

function ThreadCodeAction(match, out)
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(10000, function() return published[buf] end, 20) then
    fail('no diagnostics from thread lsp in 10 s')
  end
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or d.user_data.lsp.code
    if code == match and not target then target = d end
  end
  if not target then fail('no ' .. match .. ' diagnostic') end
  local lsp_diag = target.user_data and target.user_data.lsp or {}
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_diag.range or { start = { line = target.lnum, character = 0 },
                                ['end'] = { line = target.lnum, character = 0 } },
    context = { diagnostics = { lsp_diag } },
  }
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  for _, answer in pairs(answers or {}) do
    if answer.err then fail('codeAction: ' .. vim.inspect(answer.err)) end
    for _, action in ipairs(answer.result or {}) do
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        vim.cmd('write')
        vim.fn.writefile({ action.title }, out)
        return
      end
    end
  end
  fail('no code action with an edit for ' .. match)
end
