package dev.astrocache;

import dev.astrocache.cli.CommandLine;
import dev.astrocache.cli.Front;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The jar's entry point, {@code java -jar astrocache.jar <command>}: runs the command line
 * ({@link CommandLine}) with the front's own pieces. It sits in the front's package, and is
 * package-private, because those pieces (the entry frame, the settings, the manifests) are: the
 * command line gets them through {@link Front}, so no public type is added to the API.
 */
final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(CommandLine.run(args, new Pieces(), System.out, System.err));
  }

  /** The front's pieces, for the command line. */
  static final class Pieces implements Front {
    @Override
    public Path directory(String dirOption) {
      Map<String, String> explicit = new HashMap<>();
      if (dirOption != null) {
        explicit.put("dir", dirOption);
      }
      return new Settings(explicit).directory();
    }

    @Override
    public String noDirectory() {
      return new Settings(Map.of()).noDirectory(true).replace(" (strict mode)", "");
    }

    @Override
    public EntryHeader readHeader(byte[] start, byte[] key) throws BadEntryException {
      try {
        return header(EntryFrame.readHeader(start, key));
      } catch (CorruptEntryException e) {
        throw new BadEntryException(e.getMessage(), e);
      }
    }

    @Override
    public EntryHeader verify(byte[] entry, byte[] key) throws BadEntryException {
      try {
        return header(EntryFrame.read(entry, key).header());
      } catch (CorruptEntryException e) {
        throw new BadEntryException(e.getMessage(), e);
      }
    }

    @Override
    public int maxHeaderLength() {
      return EntryFrame.MAX_HEADER_LENGTH;
    }

    @Override
    public SortedMap<String, String> parseManifest(String text) {
      return Manifests.parse(text);
    }

    @Override
    public Changes changes(Map<String, String> before, Map<String, String> now) {
      Manifests.Changes c = Manifests.changes(before, now);
      return new Changes(c.changed(), c.appeared(), c.disappeared());
    }

    private static EntryHeader header(EntryFrame.Header h) {
      return new EntryHeader(h.serializer(), h.createdMillis(), h.computeNanos(), h.arguments(),
          h.lifetimeMillis());
    }
  }
}
