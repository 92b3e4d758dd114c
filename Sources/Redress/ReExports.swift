// `import Redress` gives the application layer with what its public API speaks of: the domain types,
// the store protocol and the projections. The stores themselves (RedressSQLite, RedressPostgres) are
// the composition root's (`Ledger+Open.swift`): `Ledger.open` picks one from a `LedgerLocation`.
@_exported public import RedressDomain
@_exported public import RedressProjections
@_exported public import RedressStore
