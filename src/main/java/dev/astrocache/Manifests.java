package dev.astrocache;

import dev.astrocache.base.LazyLogger;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoredManifest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifests kept beside the entries by a store that offers them ({@link
 * dev.astrocache.spi.Store#manifests()}; the file store keeps them at {@code
 * <dir>/<function>/<fingerprint>/manifest.txt}): one reached method per line, {@code
 * binary.ClassName#name(descriptor) hash}, sorted, then {@code java <feature version>}; and
 * beside them the states of the impl that have entries there ({@code state-<16 hex>.txt}, a
 * digest per field). A miss is explained by comparing with them ({@link #explainMiss}): the
 * difference between two manifests says which methods changed, between two states which fields.
 */
final class Manifests {
  /** Methods named per section of a miss explanation; a library upgrade can change thousands. */
  static final int LISTED = 20;
  /**
   * The last line of a manifest: the Java feature version it was written under, which the
   * fingerprint includes in place of the JDK's code ({@code java 17}).
   */
  static final String JAVA_LINE = "java ";
  private static final String JAVA = Integer.toString(Runtime.version().feature());
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");

  private final ManifestStore store;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final Set<String> explained = ConcurrentHashMap.newKeySet();
  /** The function, code and state of each miss whose reason was looked up in the store. */
  private final Set<String> classified = ConcurrentHashMap.newKeySet();
  private final Set<String> states = ConcurrentHashMap.newKeySet();

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
    for (Map.Entry<String, String> e : manifest.entrySet()) {
      b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  /**
   * The reached methods and ambient inputs of a manifest's text, without its {@code java} line.
   */
  static SortedMap<String, String> parse(String text) {
    SortedMap<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space > 0 && (line.indexOf('#') >= 0 || line.startsWith(Ambient.MANIFEST_PREFIX))) {
        m.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return m;
  }

  /** A state's text: {@code name digest} per line. */
  static SortedMap<String, String> fields(String text) {
    SortedMap<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space > 0) {
        m.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return m;
  }

  /** The Java feature version a manifest's text was written under, or null if it does not say. */
  static String javaOf(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith(JAVA_LINE)) {
        return line.substring(JAVA_LINE.length());
      }
    }
    return null;
  }

  /** Writes the manifest of {@code function} at {@code fingerprint}, once per process. */
  void record(String function, String fingerprint, SortedMap<String, String> manifest) {
    if (!written.add(function + "/" + fingerprint)) {
      return;
    }
    try {
      store.write(function, fingerprint, text(manifest) + JAVA_LINE + JAVA + "\n");
    } catch (IOException | RuntimeException e) {
      // a plug-in's bug too: a manifest only explains misses, it never fails a call
      LOG.log(Level.DEBUG, "astrocache: cannot write the manifest of " + function + " at "
          + fingerprint + " to " + store + ": " + e);
    }
  }

  /**
   * What a call that missed for want of an entry is compared with: its function, the fingerprint
   * and manifest of its code, the method that runs ({@code binary.Impl#name(descriptor)}, or null
   * if reflection does not show it), the impl's name for messages, a digest of its state (16 hex)
   * and that state by field ({@code name digest} lines, made only when needed).
   */
  record Call(String function, String fingerprint, SortedMap<String, String> manifest,
      String implementation, String implName, String state, Supplier<String> stateText) {}

  /**
   * Explains the miss of {@code call}, which found no entry, by comparing with what the store
   * holds for its function: at INFO, once per function and change, that its code changed (which
   * methods), that the Java version did, or that the state did (which fields); at DEBUG that the
   * arguments were new, or that this is the first call (of this implementation: another one's
   * entries are not an edit of this one). The store is read on the first miss of each code and
   * state in this process; later misses with the same code and state are new arguments.
   */
  void explainMiss(Call call) {
    String function = call.function();
    if (!classified.add(function + "/" + call.fingerprint() + "/" + call.state())) {
      debug(() -> "astrocache: " + function + " misses: new arguments");
      return;
    }
    try {
      List<StoredManifest> listed = store.list(function);
      for (StoredManifest m : listed) {
        if (m.fingerprint().equals(call.fingerprint()) && m.hasEntries()) {
          explainStateOrArguments(call);
          return;
        }
      }
      String root = call.implementation() != null
          && call.manifest().containsKey(call.implementation()) ? call.implementation() : null;
      List<StoredManifest> candidates = new ArrayList<>();
      for (StoredManifest m : listed) {
        if (m.hasEntries()) {
          candidates.add(m);
        }
      }
      // the most recent first; the fingerprint only makes the order of equal times the same
      candidates.sort(Comparator.comparing(StoredManifest::written).reversed()
          .thenComparing(StoredManifest::fingerprint));
      boolean others = false;
      for (StoredManifest m : candidates) {
        Optional<String> text = store.read(function, m.fingerprint());
        if (text.isEmpty()) {
          continue;
        }
        SortedMap<String, String> before = parse(text.get());
        if (root == null || before.containsKey(root)) {
          if (explained.add(function + "/" + call.fingerprint())) {
            LOG.log(Level.INFO, describe(function, m.fingerprint(), before, call.manifest(),
                javaOf(text.get()), JAVA));
          }
          return;
        }
        others = true;
      }
      if (others) {
        debug(() -> "astrocache: " + function + " misses: first call of " + call.implName()
            + ", nothing is stored for it (the entries of another implementation are not this"
            + " one's)");
      } else {
        debug(() -> "astrocache: " + function + " misses: first call, nothing is stored for it");
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "astrocache: cannot compare manifests of " + function + ": " + e);
    }
  }

  /** The code has entries: the state is new (which fields changed), or the arguments are. */
  private void explainStateOrArguments(Call call) throws IOException {
    String function = call.function();
    Map<String, String> states = store.states(function, call.fingerprint());
    if (states.containsKey(call.state())) {
      debug(() -> "astrocache: " + function + " misses: new arguments");
      return;
    }
    if (states.isEmpty()) {
      // no state recorded (entries of an older astrocache, or a store that keeps none): neither
      // the arguments nor the state can be blamed
      debug(() -> "astrocache: " + function + " misses: new arguments or a new state (no state"
          + " is recorded beside the entries of this code)");
      return;
    }
    SortedMap<String, String> now = fields(call.stateText().get());
    List<String> closest = null;
    for (String text : states.values()) {
      SortedMap<String, String> before = fields(text);
      List<String> changed = new ArrayList<>();
      now.forEach((field, digest) -> {
        if (!digest.equals(before.get(field))) {
          changed.add(field);
        }
      });
      before.keySet().stream().filter(f -> !now.containsKey(f)).forEach(changed::add);
      if (closest == null || changed.size() < closest.size()) {
        closest = changed;
      }
    }
    if (!explained.add(function + "/" + call.fingerprint() + "/state/" + call.state())) {
      return;
    }
    StringBuilder b = new StringBuilder("astrocache: ").append(function)
        .append(" misses: the state of ").append(call.implName()).append(" changed");
    if (!closest.isEmpty()) {
      b.append(closest.size() == 1 ? ": field " : ": fields ").append(String.join(", ", closest));
    }
    LOG.log(Level.INFO, b.toString());
  }

  /**
   * Records that {@code state} has entries at {@code function} and {@code fingerprint}, once per
   * process, for later misses to compare with.
   */
  void recordState(String function, String fingerprint, String state, Supplier<String> text) {
    if (!states.add(function + "/" + fingerprint + "/" + state)) {
      return;
    }
    try {
      store.writeState(function, fingerprint, state, text.get());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "astrocache: cannot write a state of " + function + " at "
          + fingerprint + " to " + store + ": " + e);
    }
  }

  private static void debug(Supplier<String> message) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, message.get());
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
    pairRedefinedSnippets(changed, appeared, disappeared);
    return new Changes(List.copyOf(changed), List.copyOf(appeared), List.copyOf(disappeared));
  }

  /**
   * A JShell snippet class's number, which manifests show as the hash of its content; in a
   * holder, compiled by the first explanation that needs it, not by a fresh JVM's first hit.
   */
  private static final class Snippets {
    static final Pattern CONTENT = Pattern.compile("\\$JShell\\$~[0-9a-f]{8}");
  }

  /**
   * A method redefined in JShell lives in a snippet class named by its content, so it shows as
   * one method gone and one come: when exactly one of each has the same name but for that
   * content, it is one change, listed without it ({@code REPL.$JShell$~#rate()D}).
   */
  private static void pairRedefinedSnippets(List<String> changed, List<String> appeared,
      List<String> disappeared) {
    Map<String, List<String>> came = bySnippetName(appeared);
    Map<String, List<String>> went = bySnippetName(disappeared);
    boolean paired = false;
    for (Map.Entry<String, List<String>> e : came.entrySet()) {
      List<String> gone = went.get(e.getKey());
      if (e.getValue().size() == 1 && gone != null && gone.size() == 1) {
        appeared.remove(e.getValue().get(0));
        disappeared.remove(gone.get(0));
        changed.add(e.getKey());
        paired = true;
      }
    }
    if (paired) {
      Collections.sort(changed);
    }
  }

  private static Map<String, List<String>> bySnippetName(List<String> methods) {
    Map<String, List<String>> by = new TreeMap<>();
    for (String m : methods) {
      Matcher matcher = Snippets.CONTENT.matcher(m);
      if (matcher.find()) {
        by.computeIfAbsent(matcher.replaceAll("\\$JShell\\$~"), k -> new ArrayList<>()).add(m);
      }
    }
    return by;
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
    return describe(function, olderFingerprint, before, now, null, null);
  }

  /**
   * The INFO line of a miss after a change of code or of an ambient input: which inputs changed
   * (never their values); which reached methods changed, appeared or disappeared since
   * {@code olderFingerprint}; when none did, that the Java version changed ({@code javaBefore}
   * to {@code javaNow}, where the older manifest says), or else that a class's supertypes or a
   * type seen at run time did. When methods only appeared, it says so without claiming an edit:
   * a new type among the arguments or the state reaches more code too.
   */
  static String describe(String function, String olderFingerprint,
      Map<String, String> before, Map<String, String> now, String javaBefore, String javaNow) {
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
    String older = olderFingerprint.substring(0, Math.min(12, olderFingerprint.length()));
    StringBuilder b = new StringBuilder("astrocache: ").append(function).append(" misses: ");
    if (!code) {
      if (javaBefore != null && javaNow != null && !javaBefore.equals(javaNow)) {
        return b.append("the Java version changed since fingerprint ").append(older)
            .append(" (Java ").append(javaBefore).append(", now ").append(javaNow)
            .append("); no reached method changed").toString();
      }
      return b.append("its fingerprint differs from ").append(older).append("'s, but no reached")
          .append(" method changed (a class's supertypes or a type seen at run time did)")
          .toString();
    }
    if (changed.isEmpty() && disappeared.isEmpty()) {
      b.append("it reaches methods that fingerprint ").append(older).append(" did not (an edit,")
          .append(" or a new type among the arguments or the state):");
    } else {
      b.append("its code changed since fingerprint ").append(older).append(':');
    }
    section(b, "changed", changed);
    section(b, "appeared", appeared);
    section(b, "disappeared", disappeared);
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
