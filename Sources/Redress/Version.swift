/// The version of this Redress, as `redress --version` prints it.
public enum RedressVersion { public static let text = "0.1.0" }
