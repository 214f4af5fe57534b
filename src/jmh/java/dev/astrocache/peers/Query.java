package dev.astrocache.peers;

import java.io.Serializable;

/** The key of a call, for every peer: astrocache hashes it, the others use it as their key. */
public record Query(String table, int first, int count) implements Serializable {}
