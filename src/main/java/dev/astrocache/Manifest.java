package dev.astrocache;

import java.util.Set;
import java.util.SortedMap;

/**
 * What a cached method's key depends on in code: every method it can reach, with its hash.
 *
 * @param method the cached method, as {@code binary.ApiName#name(descriptor)}
 * @param fingerprint the hex fingerprint over all reached methods: it is part of every key
 * @param methods each reached method outside the JDK, as
 *     {@code binary.ClassName#name(descriptor)}, to the hex hash of its normalized bytecode
 * @param unresolved classes reached whose bytes could not be read, which count by name only
 */
public record Manifest(String method, String fingerprint, SortedMap<String, String> methods,
    Set<String> unresolved) {}
