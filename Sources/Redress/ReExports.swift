// `import Redress` gives the whole library: domain types, the store protocol and
// the SQLite store, as well as the application layer.
@_exported import RedressDomain
@_exported import RedressPostgres
@_exported import RedressProjections
@_exported import RedressSQLite
@_exported import RedressStore
