import Hummingbird
public enum SandboxPlaceholder {}
