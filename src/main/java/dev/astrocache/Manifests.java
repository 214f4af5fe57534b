package dev.astrocache;

import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoredManifest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manifests kept beside the entries by a store that offers them ({@link
 * dev.astrocache.spi.Store#manifests()}; the file store keeps them at {@code
 * <dir>/<function>/<fingerprint>/manifest.txt}): one reached method per line, {@code
 * binary.ClassName#name(descriptor) hash}, sorted. When a call misses while an older
 * fingerprint of the same function has entries, the difference between the two manifests says
 * which methods changed.
 */
final class Manifests {
  /** Methods named per section of a miss explanation; a library upgrade can change thousands. */
  static final int LISTED = 20;
  private static final System.Logger LOG = System.getLogger("dev.astrocache");

  private final ManifestStore store;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final Set<String> explained = ConcurrentHashMap.newKeySet();

  Manifests(ManifestStore store) {
    this.store = store;
  }

  /**
   * The manifests that {@code store} offers, or null when it offers none: a plug-in whose
   * {@code manifests()} throws or returns null offers none, and the cache works on without them.
   */
  static Manifests of(Store store) {
    try {
      Optional<ManifestStore> offered = store.manifests();
      return offered != null && offered.isPresent() ? new Manifests(offered.get()) : null;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "astrocache: " + store + " cannot say whether it keeps manifests, so"
          + " misses are not explained: " + e);
      return null;
    }
  }

  static String text(SortedMap<String, String> manifest) {
    StringBuilder b = new StringBuilder();
    manifest.forEach((method, hash) -> b.append(method).append(' ').append(hash).append('\n'));
    return b.toString();
  }

  static SortedMap<String, String> parse(String text) {
    SortedMap<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space > 0) {
        m.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return m;
  }

  /** Writes the manifest of {@code function} at {@code fingerprint}, once per process. */
  void record(String function, String fingerprint, SortedMap<String, String> manifest) {
    if (!written.add(function + "/" + fingerprint)) {
      return;
    }
    try {
      store.write(function, fingerprint, text(manifest));
    } catch (IOException | RuntimeException e) {
      // a plug-in's bug too: a manifest only explains misses, it never fails a call
      LOG.log(Level.DEBUG, "astrocache: cannot write the manifest of " + function + " at "
          + fingerprint + " to " + store + ": " + e);
    }
  }

  /**
   * On the first miss of {@code function} at {@code fingerprint} in this process: if another
   * fingerprint of the function has entries, logs which reached methods changed, appeared or
   * disappeared since the most recent of them. When {@code implementation} (the method that
   * runs, as manifests name it) is in the manifest, only fingerprints that reached it too are
   * compared: another implementation of the same interface is not an edit of this one.
   */
  void explainMiss(String function, String fingerprint, SortedMap<String, String> manifest,
      String implementation) {
    String root = implementation != null && manifest.containsKey(implementation)
        ? implementation : null;
    if (!explained.add(function + "/" + fingerprint)) {
      return;
    }
    try {
      List<StoredManifest> candidates = new ArrayList<>();
      for (StoredManifest m : store.list(function)) {
        if (!m.fingerprint().equals(fingerprint) && m.hasEntries()) {
          candidates.add(m);
        }
      }
      // the most recent first; the fingerprint only makes the order of equal times the same
      candidates.sort(Comparator.comparing(StoredManifest::written).reversed()
          .thenComparing(StoredManifest::fingerprint));
      for (StoredManifest m : candidates) {
        Optional<String> text = store.read(function, m.fingerprint());
        if (text.isEmpty()) {
          continue;
        }
        SortedMap<String, String> before = parse(text.get());
        if (root == null || before.containsKey(root)) {
          LOG.log(Level.INFO, describe(function, m.fingerprint(), before, manifest));
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "astrocache: cannot compare manifests of " + function + ": " + e);
    }
  }

  /**
   * Whether the manifest of {@code function} at {@code fingerprint} reaches {@code method}, or
   * cannot be read (then the entries there may be this method's): which older code versions
   * {@code invalidate} drops.
   */
  boolean reachesOrUnknown(String function, String fingerprint, String method) {
    try {
      Optional<String> text = store.read(function, fingerprint);
      return text.isEmpty() || parse(text.get()).containsKey(method);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** The methods that differ between two manifests, each list in the manifests' order. */
  record Changes(List<String> changed, List<String> appeared, List<String> disappeared) {}

  /** What changed from {@code before} to {@code now}: the miss explanation and the CLI's. */
  static Changes changes(Map<String, String> before, Map<String, String> now) {
    List<String> changed = new ArrayList<>();
    List<String> appeared = new ArrayList<>();
    List<String> disappeared = new ArrayList<>();
    now.forEach((m, h) -> {
      String old = before.get(m);
      if (m.startsWith(Ambient.MANIFEST_PREFIX)) {
        return; // an ambient input, not a method: see inputsChanged
      } else if (old == null) {
        appeared.add(m);
      } else if (!old.equals(h)) {
        changed.add(m);
      }
    });
    before.keySet().stream()
        .filter(m -> !now.containsKey(m) && !m.startsWith(Ambient.MANIFEST_PREFIX))
        .forEach(disappeared::add);
    return new Changes(List.copyOf(changed), List.copyOf(appeared), List.copyOf(disappeared));
  }

  /**
   * The ambient inputs read in both manifests whose value hash differs, as {@code system
   * property report.mode changed} (one read by one manifest only is a change of the code).
   */
  static List<String> inputsChanged(Map<String, String> before, Map<String, String> now) {
    List<String> inputs = new ArrayList<>();
    now.forEach((m, h) -> {
      String old = before.get(m);
      if (m.startsWith(Ambient.MANIFEST_PREFIX) && old != null && !old.equals(h)) {
        inputs.add(m.substring(Ambient.MANIFEST_PREFIX.length()) + " changed");
      }
    });
    return inputs;
  }

  static String describe(String function, String olderFingerprint,
      Map<String, String> before, Map<String, String> now) {
    Changes c = changes(before, now);
    List<String> changed = c.changed();
    List<String> appeared = c.appeared();
    List<String> disappeared = c.disappeared();
    List<String> inputs = inputsChanged(before, now);
    boolean code = !changed.isEmpty() || !appeared.isEmpty() || !disappeared.isEmpty();
    if (!inputs.isEmpty()) {
      // what the code reads from outside changed: name the inputs, never their values
      StringBuilder b = new StringBuilder("astrocache: ").append(function).append(" misses: ")
          .append(String.join(", ", inputs));
      if (!code) {
        return b.toString();
      }
      b.append("; and its code changed since fingerprint ")
          .append(olderFingerprint, 0, Math.min(12, olderFingerprint.length())).append(':');
      section(b, "changed", changed);
      section(b, "appeared", appeared);
      section(b, "disappeared", disappeared);
      return b.toString();
    }
    StringBuilder b = new StringBuilder("astrocache: ").append(function)
        .append(" misses: its code changed since fingerprint ")
        .append(olderFingerprint, 0, Math.min(12, olderFingerprint.length())).append(':');
    section(b, "changed", changed);
    section(b, "appeared", appeared);
    section(b, "disappeared", disappeared);
    if (!code) {
      b.append(" no reached method changed (a class's supertypes, the Java version or a type"
          + " seen at run time did)");
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> methods) {
    if (methods.isEmpty()) {
      return;
    }
    b.append("\n  ").append(title).append(": ")
        .append(String.join(", ", methods.subList(0, Math.min(LISTED, methods.size()))));
    if (methods.size() > LISTED) {
      b.append(", and ").append(methods.size() - LISTED)
          .append(" more (the manifest.txt files beside the entries list them all)");
    }
  }
}
