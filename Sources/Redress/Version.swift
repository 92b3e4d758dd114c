public enum RedressVersion { public static let text = "0.1.0" }
