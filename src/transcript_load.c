#include "transcript_load.h"
#include "config.h"
#include "person.h"
#include "repo.h"
#include "util.h"

#include <errno.h>
#include <string.h>

struct speaker_map {
	struct transcript_speaker *v;
	size_t nr, alloc;
	char **owned;                 /* strings to free */
	size_t nowned, owned_alloc;
};

static const char *own(struct speaker_map *m, char *s)
{
	ALLOC_GROW(m->owned, m->nowned + 1, m->owned_alloc);
	return m->owned[m->nowned++] = s;
}

/*
 * @me (or the handle `me:` names), and a handle listed under people:,
 * name someone with no person file: the manager, another team.  Their
 * name is the one people: gives, else the handle.  1 when `h` is one.
 */
static int known_handle(const struct transcript_request *rq, const char *h,
			struct speaker_map *m, const char **out)
{
	struct config c;
	char *path = path_join(rq->root, ".thread.yaml");
	const char *me, *name;
	int known = 0;

	config_init(&c);
	if (config_load(&c, path, NULL) == 0 || !strcmp(h, "me")) {
		me = c.me ? c.me : "me";
		if (!strcmp(h, "me"))
			h = me;
		if (!strcmp(h, me) || config_knows(&c, h)) {
			name = config_name(&c, h);
			*out = own(m, xstrdup(name && transcript_speaker_ok(name, strlen(name)) ?
					     name : h));
			known = 1;
		}
	}
	config_release(&c);
	free(path);
	return known;
}

/* The name "@handle" stands for: the person's name:, else the handle. */
static int resolve_handle(const struct transcript_request *rq, const char *to,
			  const char *where, struct speaker_map *m, const char **out)
{
	struct strbuf buf = STRBUF_INIT;
	struct person *p = NULL;
	char *path = NULL;
	int rc = -1;

	*out = to;
	if (to[0] != '@')
		return 0;
	if (rq->handle && rq->person && !strcmp(to + 1, rq->handle)) {
		*out = rq->person->name ? rq->person->name : to + 1;
		return 0;
	}
	if (!rq->root) {
		error("%s: %s names a person, but there is no thread repository here to look them up in",
		      where, to);
		goto done;
	}
	if (known_handle(rq, to + 1, m, out)) {
		rc = 0;
		goto done;
	}
	if (repo_read_person(rq->root, to + 1, REPO_READ, &buf, &path)) {
		error("%s: %s is not a person of this repository; add people/%s.md or write a name",
		      where, to, to + 1);
		goto done;
	}
	p = person_parse(to + 1, buf.buf, buf.len, NULL);
	*out = own(m, xstrdup(p->name && transcript_speaker_ok(p->name, strlen(p->name)) ?
			      p->name : to + 1));
	rc = 0;
done:
	person_free(p);
	free(path);
	strbuf_release(&buf);
	return rc;
}

static int add_entry(const struct transcript_request *rq, struct speaker_map *m,
		     const char *from, const char *to, int required,
		     const char *where)
{
	const char *name;

	if (resolve_handle(rq, to, where, m, &name))
		return -1;
	ALLOC_GROW(m->v, m->nr + 1, m->alloc);
	m->v[m->nr++] = (struct transcript_speaker){ from, name, required };
	return 0;
}

/* The person's speakers: first, then --speaker, which wins. */
static int build_map(const struct transcript_request *rq, struct speaker_map *m)
{
	const struct speaker_alias *a;
	char where[64];
	size_t i;
	int rc = 0;

	for (a = rq->person ? rq->person->speakers : NULL; a; a = a->next) {
		struct strbuf w = STRBUF_INIT;
		strbuf_addf(&w, "%s:%d", rq->person_path ? rq->person_path : "speakers",
			    a->pos.line);
		rc |= add_entry(rq, m, a->from, a->to, 0, w.buf);
		strbuf_release(&w);
	}
	for (i = 0; i < rq->nspeakers; i++) {
		const char *arg = rq->speakers[i], *eq = strchr(arg, '=');
		if (!eq || eq == arg || !eq[1]) {
			error("--speaker '%s': expected ID=NAME, such as --speaker 68f0e9b4=@alice or --speaker \"Speaker 2=Dana Ortiz\"",
			      arg);
			return -2;
		}
		snprintf(where, sizeof(where), "--speaker %.40s", arg);
		rc |= add_entry(rq, m, own(m, xstrndup(arg, (size_t)(eq - arg))), eq + 1, 1,
				where);
	}
	return rc ? -1 : 0;
}

int transcript_load(const struct transcript_request *rq, struct strbuf *out,
		    struct transcript_info *info)
{
	struct speaker_map m = { NULL, 0, 0, NULL, 0, 0 };
	struct strbuf in = STRBUF_INIT;
	struct transcript_error err;
	size_t i;
	int rc;

	if ((rc = build_map(rq, &m)))
		goto done;
	if (strbuf_read_file(&in, rq->path, TRANSCRIPT_FILE_MAX)) {
		rc = error("cannot read %s: %s", rq->path,
			   errno == EINVAL ? "not a regular file" : strerror(errno));
		goto done;
	}
	rc = transcript_import_map(rq->path, in.buf, in.len,
				   transcript_detect(rq->path, in.buf, in.len),
				   m.v, m.nr, out, &err, info);
	if (rc < 0)
		transcript_error_print(rq->path, &err);
done:
	for (i = 0; i < m.nowned; i++)
		free(m.owned[i]);
	free(m.owned);
	free(m.v);
	strbuf_release(&in);
	return rc;
}
