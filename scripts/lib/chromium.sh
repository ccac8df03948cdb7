# shellcheck shell=bash
# Headless Chromium for the admin pages' rendering tests (Debian's `chromium`).
#   chromium_export: exports CHROMIUM_BIN when a chromium binary is installed (tests needing it skip
#   otherwise, or fail under CI).

chromium_export() {
    local candidate
    for candidate in chromium chromium-browser google-chrome; do
        if command -v "$candidate" >/dev/null 2>&1; then
            CHROMIUM_BIN=$(command -v "$candidate")
            export CHROMIUM_BIN
            log "CHROMIUM_BIN=$CHROMIUM_BIN"
            return 0
        fi
    done
    warn "chromium not found: the /debug/ page rendering test is skipped (fails under CI)"
}
