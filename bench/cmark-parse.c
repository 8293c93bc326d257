/*
 * cmark-parse FILE... - the strictest reference for `make bench`: read each
 * file and parse it with libcmark (the same call and options thread uses),
 * then free the tree.  No rendering, no walking, one file at a time.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *buf = NULL;
	size_t cap = 0;
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t len = 0, n;
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		for (;;) {
			if (cap - len < 65536) {
				cap = cap ? cap * 2 : 1 << 20;
				if (!(buf = realloc(buf, cap)))
					return 2;
			}
			n = fread(buf + len, 1, cap - len, f);
			if (!n)
				break;
			len += n;
		}
		fclose(f);
		cmark_node_free(cmark_parse_document(buf, len, CMARK_OPT_DEFAULT));
	}
	free(buf);
	return 0;
}
