package dev.astrocache.base;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules about classes that the key and the fingerprint must agree on: which classes are the
 * JDK's, which are lambdas, and the name of a class that is the same in every run.
 */
public final class Classes {
  /** The packages of the boot layer's modules defined to the boot or platform loader. */
  private static final Set<String> JDK_PACKAGES = jdkPackages();
  private static final ConcurrentHashMap<String, Boolean> JDK_NAMES = new ConcurrentHashMap<>();
  private static final String LAMBDA = "$$Lambda";

  private Classes() {}

  private static Set<String> jdkPackages() {
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    Set<String> packages = new HashSet<>();
    for (Module m : ModuleLayer.boot().modules()) {
      ClassLoader loader = m.getClassLoader();
      if (loader == null || loader == platform) {
        packages.addAll(m.getPackages());
      }
    }
    return Set.copyOf(packages);
  }

  /**
   * Whether {@code type} is the JDK's: its package belongs to a module of the boot layer that
   * the boot or platform loader defines ({@code jdk.compiler} and the other modules of the
   * application loader are not). An array is its element type's, a primitive the JDK's, a lambda
   * the JDK made (in {@code java.util.function}) the JDK's.
   */
  public static boolean isJdk(Class<?> type) {
    return JDK_PACKAGES.contains(type.getPackageName());
  }

  /**
   * {@link #isJdk(Class)} for an internal name read from a class file ({@code java/util/List});
   * an array descriptor ({@code [I}, {@code [Lp/A;}) is the JVM's and counts as the JDK's (its
   * only methods are {@code Object}'s and {@code clone}).
   */
  public static boolean isJdk(String internalName) {
    return JDK_NAMES.computeIfAbsent(internalName, name -> {
      if (name.startsWith("[")) {
        return true;
      }
      int slash = name.lastIndexOf('/');
      return slash > 0 && JDK_PACKAGES.contains(name.substring(0, slash).replace('/', '.'));
    });
  }

  /**
   * Whether {@code type} was spun by {@code LambdaMetafactory} for a lambda or method reference:
   * a hidden class named {@code Capturing$$Lambda...}. Since Java 15 every such class is hidden;
   * a class that is not hidden has readable bytes and is treated like any other.
   */
  public static boolean isLambda(Class<?> type) {
    return type.isHidden() && type.getName().contains(LAMBDA);
  }

  /**
   * The binary name of the class whose code created {@code lambda} ({@code p.Main} for
   * {@code p.Main$$Lambda/0x...}).
   *
   * @throws IllegalArgumentException if {@code lambda} is not {@linkplain #isLambda a lambda}
   */
  public static String capturingClass(Class<?> lambda) {
    if (!isLambda(lambda)) {
      throw new IllegalArgumentException(lambda.getName() + " is not a lambda class");
    }
    String name = lambda.getName();
    return name.substring(0, name.indexOf(LAMBDA));
  }

  /**
   * The class's name as it is in every run: a lambda ({@code p.Main$$Lambda$14/0x0000000800c03000}
   * on Java 17, {@code p.Main$$Lambda/0x...} later) as {@code p.Main$$Lambda}, another hidden class
   * without its {@code /address} suffix, a proxy class ({@code jdk.proxy1.$Proxy3}, numbered in
   * creation order) by its interfaces, {@code proxy[a.B, c.D]}; any other class by its name,
   * with the parts that change from run to run taken out ({@link #stableName(String)}).
   */
  public static String stableName(Class<?> type) {
    if (Proxy.isProxyClass(type)) {
      return "proxy" + proxyInterfaces(type);
    }
    String name = type.getName();
    if (!type.isHidden()) {
      return stableName(name);
    }
    int lambda = name.indexOf(LAMBDA);
    if (lambda >= 0) {
      return name.substring(0, lambda + LAMBDA.length());
    }
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  /**
   * The patterns, compiled by the first name that may match one: most names (a fresh JVM's
   * first call, issue 13 target 4) are told apart by {@link #mayBeGenerated} and
   * {@code $JShell$} without loading java.util.regex.
   */
  private static final class Patterns {
    static final Pattern GENERATED = Pattern.compile(
        "(\\$\\$[A-Za-z]*CGLIB[A-Za-z]*\\$\\$)[0-9A-Za-z_]+"
            + "|(\\$(?:ByteBuddy|MockitoMock|HibernateProxy)\\$)[0-9A-Za-z_]+");
    static final Pattern JSHELL = Pattern.compile("\\$JShell\\$[0-9]+");
  }

  /** Whether {@code name} holds what every match of {@code Patterns.GENERATED} holds. */
  private static boolean mayBeGenerated(String name) {
    return name.contains("CGLIB") || name.contains("$ByteBuddy$")
        || name.contains("$MockitoMock$") || name.contains("$HibernateProxy$");
  }

  /**
   * A binary name without what a generator numbers or randomizes: JShell's snippet numbers
   * ({@code REPL.$JShell$12$Impl} as {@code REPL.$JShell$~$Impl}), CGLIB's and Spring's suffixes
   * ({@code p.Service$$SpringCGLIB$$0}, {@code p.Service$$EnhancerBySpringCGLIB$$1a2b3c} as
   * {@code p.Service$$SpringCGLIB$$~}, {@code p.Service$$EnhancerBySpringCGLIB$$~}), ByteBuddy's,
   * Mockito's and Hibernate's random suffixes ({@code p.Service$ByteBuddy$AbC123} as
   * {@code p.Service$ByteBuddy$~}). Other names are returned as they are.
   */
  public static String stableName(String binaryName) {
    if (binaryName.indexOf('$') < 0) {
      return binaryName;
    }
    String name = binaryName.contains("$JShell$")
        ? Patterns.JSHELL.matcher(binaryName).replaceAll("\\$JShell\\$~") : binaryName;
    if (!mayBeGenerated(name)) {
      return name;
    }
    Matcher m = Patterns.GENERATED.matcher(name);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(
          (m.group(1) != null ? m.group(1) : m.group(2)) + "~"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Whether a class was generated at run time as a subclass of the class it extends (CGLIB,
   * Spring, ByteBuddy, Mockito, Hibernate): its name says so.
   */
  public static boolean isGeneratedSubclass(Class<?> type) {
    return !type.isHidden() && !type.isInterface() && mayBeGenerated(type.getName())
        && Patterns.GENERATED.matcher(type.getName()).find();
  }

  /** The binary names of the interfaces a proxy class implements, in order. */
  public static List<String> proxyInterfaces(Class<?> proxyClass) {
    List<String> names = new ArrayList<>();
    for (Class<?> i : proxyClass.getInterfaces()) {
      names.add(i.getName());
    }
    return names;
  }

  /**
   * Of {@code types}, one whose class loader is, or descends from, every other's (the boot loader
   * is everyone's ancestor), or null if two of them come from loaders on separate branches (two
   * plug-ins). A memo that refers to all of them may live in this class's {@code ClassValue}: it
   * is dropped with the youngest loader, and keeps no other loader alive beyond its ancestors.
   */
  public static Class<?> youngest(Iterable<Class<?>> types) {
    Class<?> youngest = null;
    for (Class<?> c : types) {
      if (youngest == null || descends(c.getClassLoader(), youngest.getClassLoader())) {
        youngest = c;
      } else if (!descends(youngest.getClassLoader(), c.getClassLoader())) {
        return null;
      }
    }
    return youngest;
  }

  /** Whether {@code loader} is {@code ancestor} or has it among its parents. */
  private static boolean descends(ClassLoader loader, ClassLoader ancestor) {
    if (ancestor == null) {
      return true;
    }
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l == ancestor) {
        return true;
      }
    }
    return false;
  }
}
