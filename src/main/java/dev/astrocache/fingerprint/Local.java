package dev.astrocache.fingerprint;

import java.util.List;

/**
 * The normalized hash of a method body or a class shell as far as its own bytes go: each
 * reference to a javac-invented name is a placeholder, index {@code i} into {@code refs}, whose
 * content hash is mixed in later (see {@link ContentHashes}).
 */
record Local(byte[] digest, List<Ref> refs) {}
