// One process-wide SQLite setting Swift cannot make itself: sqlite3_config() is variadic (Swift
// imports no C variadic function) and must run before SQLite initialises, which a constructor does
// (after libsqlite3 is loaded, before main and before any connection opens).
//
// SQLITE_CONFIG_MEMSTATUS = 0: SQLite's memory statistics (sqlite3_memory_used, the soft heap limit)
// are not kept. Keeping them takes a process-wide mutex around every sqlite3_malloc and sqlite3_free,
// a lock and unlock per value bound, per row written and per statement reset; perf put those at ~5% of
// an import's writer thread. Redress reads neither statistic. SQLite's own documentation recommends
// this setting (SQLITE_DEFAULT_MEMSTATUS=0) for speed.

#include <sqlite3.h>

#include "CSQLiteTuning.h"

static int statistics_off = 0;

__attribute__((constructor)) static void redress_sqlite_tuning(void) {
    statistics_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

int redress_sqlite_memory_statistics_off(void) { return statistics_off; }
