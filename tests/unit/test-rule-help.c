/* Every lint rule has its explanation (rule_help.c), named by a fix. */
#include "rule_help.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
	size_t r, missing = 0;

	for (r = 0; r < R__COUNT; r++)
		if (!rule_help((enum rule_id)r) || strlen(rule_help((enum rule_id)r)) < 40) {
			fprintf(stderr, "# rule %s has no explanation in src/rule_help.c\n", rule_table[r].id);
			missing++;
		}
	is_int((int)missing, 0, "every rule has an explanation");
	ok(rule_help(R__COUNT) == NULL, "past the table there is none");
	return done_testing();
}
