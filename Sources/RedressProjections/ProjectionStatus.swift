import RedressDomain
import RedressStore

/// A projection's checkpoint against the head.
public struct ProjectionStatus: Sendable, Equatable {
    /// Which projection.
    public var name: ProjectionName
    /// The generation of tables readers use.
    public var generation: Int64
    /// The last position folded into the active generation.
    public var position: Int64
    /// The ledger's head when the status was read.
    public var head: Int64
    /// A rebuild in progress (or interrupted): its generation and position.
    public var building: (generation: Int64, position: Int64)?

    /// Takes the fields as given; checks nothing.
    public init(
        name: ProjectionName, generation: Int64, position: Int64, head: Int64,
        building: (generation: Int64, position: Int64)?
    ) {
        self.name = name
        self.generation = generation
        self.position = position
        self.head = head
        self.building = building
    }

    /// Events in the ledger not yet folded into the active generation; 0 when the projection is current.
    public var lag: Int64 { head - position }

    /// Equal when every field is, ``building`` compared field by field.
    public static func == (a: ProjectionStatus, b: ProjectionStatus) -> Bool {
        a.name == b.name && a.generation == b.generation && a.position == b.position && a.head == b.head
            && a.building?.generation == b.building?.generation && a.building?.position == b.building?.position
    }
}
