#!/bin/bash
# Every `file:function` (or `file:label`) of ours that docs/ARCHITECTURE.md
# cites must exist: the file, and in it a definition of the name (a C
# function or variable defined at the start of a line, or an assembly label).
# Prints PASS/FAIL like the emulator tests. With a document argument, checks
# that one instead (the tests of this test use it).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOC=${1:-$ROOT/docs/ARCHITECTURE.md}
TEST=architecture_citations
cd "$ROOT" || exit 1
fails=0 checked=0
# Our top-level folders; KVM's paths are never written as file:name.
citations=$(grep -oE '`(boot|arch|mm|vmx|platform|debug|iommu|guest|lib|tools|tests)/[A-Za-z0-9_/.-]+\.(c|h|asm|ld|sh):[A-Za-z_][A-Za-z0-9_]*`' "$DOC" |
	tr -d '`' | sort -u)
for c in $citations; do
	file=${c%%:*} name=${c#*:}
	checked=$((checked + 1))
	if [ ! -f "$file" ]; then
		echo "  $TEST: $c: no file $file"
		fails=$((fails + 1))
		continue
	fi
	case "$file" in
	*.asm) pattern="^${name}:" ;;
	# a definition: the name at the start of a line or after the return type,
	# followed by ( or [ or = (functions, tables), not a call inside a body
	*) pattern="^[A-Za-z_][A-Za-z0-9_ *]*[ *]${name}(\(|\[| =)" ;;
	esac
	if ! grep -Eq "$pattern" "$file"; then
		echo "  $TEST: $c: $name is not defined in $file"
		fails=$((fails + 1))
	fi
done
if [ "$checked" -lt 20 ]; then
	echo "  $TEST: only $checked citations found in $DOC: the pattern or the document is broken"
	fails=$((fails + 1))
fi
if [ "$fails" -eq 0 ]; then
	echo "PASS $TEST ($checked citations)"
	exit 0
fi
echo "FAIL $TEST"
exit 1
