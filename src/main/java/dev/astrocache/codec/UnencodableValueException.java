package dev.astrocache.codec;

/** A value that cannot be part of a cache key, with where it sits inside the root value. */
public final class UnencodableValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final transient Class<?> type;
  private final String reason;
  private final String fix;

  /**
   * @param path where, from the root: {@code ""} for the root itself, {@code .field},
   *     {@code [3]} for an index
   * @param type the class of the value that cannot be encoded
   * @param reason why, such as "a java.net.Socket is a connection, not a value"
   * @param fix what the user can do, a full sentence
   */
  public UnencodableValueException(String path, Class<?> type, String reason, String fix) {
    super((path.isEmpty() ? "<root>" : path) + ": " + type.getName() + ": " + reason + ". " + fix);
    this.path = path;
    this.type = type;
    this.reason = reason;
    this.fix = fix;
  }

  public String path() { return path; }

  public Class<?> type() { return type; }

  public String reason() { return reason; }

  public String fix() { return fix; }
}
