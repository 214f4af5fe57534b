package dev.astrocache;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * What a cached method's key depends on in code: every method it can reach, with its hash, and
 * what the code reads from outside the program.
 *
 * @param method the cached method, as {@code binary.ApiName#name(descriptor)}
 * @param fingerprint the hex fingerprint its entries are filed under now: over all reached
 *     methods, and when the code reads ambient inputs, over their current values too
 * @param methods each reached method outside the JDK, as
 *     {@code binary.ClassName#name(descriptor)}, to the hex hash of its normalized bytecode
 * @param unresolved classes reached whose bytes could not be read, which count by name only, and
 *     reads of ambient inputs whose name is computed at run time, which do not count
 *     ({@code system property named at run time in p.Impl#run()I})
 * @param ambient the ambient inputs whose values count in every key of the method: the
 *     defaults (locale, time zone, charset, line separator), then each system property,
 *     environment variable, class-path resource and file the code reads under a constant name,
 *     as {@code system property report.mode}, {@code env HOME}, {@code resource greeting.txt},
 *     {@code file data/prices.csv}; never their values
 */
public record Manifest(String method, String fingerprint, SortedMap<String, String> methods,
    Set<String> unresolved, List<String> ambient) {

  /** A manifest that lists no ambient input. */
  public Manifest(String method, String fingerprint, SortedMap<String, String> methods,
      Set<String> unresolved) {
    this(method, fingerprint, methods, unresolved, List.of());
  }
}
