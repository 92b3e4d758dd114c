#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Whether SQLite's memory statistics were turned off when this process was loaded, before SQLite
/// initialised (see tuning.c); 0 when something had initialised SQLite first.
int redress_sqlite_memory_statistics_off(void);

#endif
