# Counts test results in `swift test` output (Swift Testing and XCTest, in any order).
# Usage: awk -f count_tests.awk LOG
# Prints one line: "PASSED FAILED SKIPPED ST_PASSED ST_FAILED ST_SKIPPED ST_DECLARED XC_PASSED XC_FAILED XC_SKIPPED"
# where ST_DECLARED is the sum of Swift Testing's "Test run with N tests" summaries (-1 when none printed).
#
# Swift Testing (6.3) prints one result line per test function (a parameterised test counts once):
#   ✔ Test name() passed after 0.001 seconds.            (also "... with 1 warning")
#   ━ Test name() passed after 0.001 seconds with 1 known issue.
#   ✘ Test name() failed after 0.001 seconds with 2 issues.
#   ✔ Test name(x:) with 3 test cases passed after 0.001 seconds.
#   ➜ Test name() skipped.  |  ➜ Test name() skipped: "reason"
#   ➜ Test name() was cancelled after 0.001 seconds: "reason"   (counted as skipped)
# and ignores "Suite ..." lines, "Test case ..." lines and "... recorded an issue" lines.
# XCTest prints one line per test method:
#   Test Case 'Suite.testName' passed (0.001 seconds).   | failed (...) | skipped (...)

{
    line = $0
    gsub(/\033\[[0-9;]*[A-Za-z]/, "", line)   # colours, if any
    sub(/\r$/, "", line)
}

line ~ /^Test Case '.*' passed \(/  { xc_passed++; next }
line ~ /^Test Case '.*' failed \(/  { xc_failed++; next }
line ~ /^Test Case '.*' skipped \(/ { xc_skipped++; next }

# Swift Testing lines start with one symbol followed by a space.
line !~ /^[^ ]+ Test / { next }
line ~ /^[^ ]+ Test run with [0-9]+ tests? / {
    n = line
    sub(/^[^ ]+ Test run with /, "", n)
    sub(/ .*/, "", n)
    st_declared += n
    st_summaries++
    next
}
line ~ /^[^ ]+ Test case /                            { next }
line ~ / recorded (an issue|a known issue|a warning)/ { next }
line ~ / passed after [0-9.]+ seconds?/               { st_passed++; next }
line ~ / failed after [0-9.]+ seconds?/               { st_failed++; next }
line ~ / skipped(\.|:|$)/                             { st_skipped++; next }
line ~ / was cancelled( after|\.|:|$)/                { st_skipped++; next }

END {
    if (st_summaries == 0) st_declared = -1
    printf "%d %d %d %d %d %d %d %d %d %d\n", \
        st_passed + xc_passed, st_failed + xc_failed, st_skipped + xc_skipped, \
        st_passed, st_failed, st_skipped, st_declared, xc_passed, xc_failed, xc_skipped
}
