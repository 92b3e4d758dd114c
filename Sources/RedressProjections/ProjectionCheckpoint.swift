/// A projection's checkpoint as a backend stores it.
public struct ProjectionCheckpoint: Sendable, Equatable {
    /// The generation of tables readers use.
    public var generation: Int64
    /// The last position folded into it.
    public var position: Int64
    /// A rebuild in progress (or interrupted): its generation and the position it reached.
    public var buildingGeneration: Int64?
    /// The last position folded into ``buildingGeneration``, where a resumed rebuild goes on from (`nil`: 0);
    /// meaningful only while ``buildingGeneration`` is set.
    public var buildingPosition: Int64?

    /// A checkpoint of the given fields, unchecked.
    public init(generation: Int64, position: Int64, buildingGeneration: Int64?, buildingPosition: Int64?) {
        self.generation = generation
        self.position = position
        self.buildingGeneration = buildingGeneration
        self.buildingPosition = buildingPosition
    }
}
