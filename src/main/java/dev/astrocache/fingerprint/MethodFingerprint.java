package dev.astrocache.fingerprint;

import java.util.Set;
import java.util.SortedMap;

/**
 * The fingerprint of one method's reachable code.
 *
 * @param hash 32 bytes: the hash of the set of reached method hashes and the Java feature version
 * @param manifest each reached method outside the JDK, as
 *     {@code binary.ClassName#name(descriptor)}, to the lower-case hex of its normalized hash
 * @param unresolved classes that were reached but whose bytes could not be read (counted by
 *     name); strict mode reports them
 */
public record MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
    Set<String> unresolved) {}
