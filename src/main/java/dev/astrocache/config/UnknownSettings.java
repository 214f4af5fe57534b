package dev.astrocache.config;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings nobody reads: an {@code astrocache.*} system property or {@code ASTROCACHE_*}
 * environment variable that is neither in the {@linkplain Setting#ALL table} nor read by a
 * plug-in store. Each gets one warning per JVM that names the closest known setting, so that
 * {@code -Dastrocache.directory=X} does not write to {@code ~/.astrocache} without a word.
 */
public final class UnknownSettings {
  /** Made at the first warning: {@code System.getLogger} sets up logging (issue 13). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger("dev.astrocache");
  }
  private static final String ENV_PREFIX = "ASTROCACHE_";
  /** Property and variable names warned about in this JVM. */
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private UnknownSettings() {}

  /**
   * The warnings for the unknown names among {@code properties} and {@code environment} (all of
   * their keys, filtered here), each at most once per JVM; {@code pluginSettings} are the short
   * names plug-in stores read.
   */
  public static List<String> newWarnings(Collection<String> properties,
      Collection<String> environment, Collection<String> pluginSettings) {
    Set<String> known = known(pluginSettings);
    Set<String> knownEnv = new LinkedHashSet<>();
    for (String name : known) {
      knownEnv.add(Setting.environmentName(name));
    }
    List<String> warnings = new ArrayList<>();
    for (String p : sorted(properties)) {
      if (p.startsWith(Setting.PREFIX) && !known.contains(p.substring(Setting.PREFIX.length()))
          && WARNED.add(p)) {
        String closest = closest(p.substring(Setting.PREFIX.length()), known);
        warnings.add("astrocache: unknown setting " + p + " (ignored); did you mean "
            + Setting.propertyName(closest) + "?");
      }
    }
    for (String e : sorted(environment)) {
      if (e.startsWith(ENV_PREFIX) && !knownEnv.contains(e) && WARNED.add(e)) {
        String closest = closest(e.substring(ENV_PREFIX.length()),
            knownEnv.stream().map(n -> n.substring(ENV_PREFIX.length())).toList());
        warnings.add("astrocache: unknown setting " + e + " (ignored); did you mean "
            + ENV_PREFIX + closest + "?");
      }
    }
    return warnings;
  }

  /** Logs {@link #newWarnings} for this JVM's system properties and environment. */
  public static void warnOnce(Collection<String> pluginSettings) {
    for (String w : newWarnings(System.getProperties().stringPropertyNames(),
        System.getenv().keySet(), pluginSettings)) {
      Log.LOG.log(Level.WARNING, w);
    }
  }

  /**
   * Refuses a name that neither the table nor a plug-in store reads.
   *
   * @throws IllegalArgumentException naming the closest known setting
   */
  public static void requireKnown(String name, Collection<String> pluginSettings) {
    Set<String> known = known(pluginSettings);
    if (!known.contains(name)) {
      throw new IllegalArgumentException("unknown setting " + Setting.propertyName(name)
          + "; did you mean " + Setting.propertyName(closest(name, known)) + "?");
    }
  }

  private static Set<String> known(Collection<String> pluginSettings) {
    Set<String> known = new LinkedHashSet<>();
    for (Setting<?> s : Setting.ALL) {
      known.add(s.name());
    }
    known.addAll(pluginSettings);
    return known;
  }

  private static List<String> sorted(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    list.sort(Comparator.naturalOrder());
    return list;
  }

  /**
   * The known name closest to {@code name}: one that contains it or that it contains first
   * ({@code directory} is closest to {@code dir}, {@code timeout} to {@code remote.timeout}),
   * then the smallest edit distance, then the first in table order.
   */
  static String closest(String name, Collection<String> known) {
    String n = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      boolean contains = kl.contains(n) || n.contains(kl);
      int score = (contains ? 0 : 1 << 16) + distance(n, kl);
      if (score < bestScore) {
        bestScore = score;
        best = k;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
