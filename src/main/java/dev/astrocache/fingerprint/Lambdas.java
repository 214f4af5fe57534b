package dev.astrocache.fingerprint;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Descriptors;
import dev.astrocache.classfile.BootstrapMethod;
import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.ClassFormatException;
import dev.astrocache.classfile.Code;
import dev.astrocache.classfile.ExceptionHandler;
import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MethodHandleRef;
import dev.astrocache.classfile.MethodInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Finds the code of a lambda or method reference. Its class is hidden, so its bytes cannot be
 * read; but its name starts with the capturing class ({@code p.Main$$Lambda...}), it implements
 * the functional interface, and its fields are the captured values ({@code arg$1}, ...). The
 * capturing class's {@code invokedynamic} sites that make that interface from those captured
 * types name the candidate implementations.
 */
final class Lambdas {
  private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
  private static final Set<String> OBJECT_METHODS = Set.of("equals(Ljava/lang/Object;)Z",
      "hashCode()I", "toString()Ljava/lang/String;");

  /** One candidate site: the class it is in, the indy's name and type, its bootstrap method. */
  record Site(String owner, String name, String descriptor, BootstrapMethod bootstrap) {
    MethodHandleRef implementation() {
      return bootstrap.arguments().size() > 1
          && bootstrap.arguments().get(1) instanceof MethodHandleRef h ? h : null;
    }
  }

  private Lambdas() {}

  /** The internal name of the class whose code created the lambda. */
  static String capturingClass(Class<?> lambda) {
    return Classes.capturingClass(lambda).replace('.', '/');
  }

  /** The candidate sites in {@code capturing} that can have created an object of {@code lambda}. */
  static List<Site> candidates(ParsedClass capturing, Class<?> lambda) {
    Class<?>[] interfaces = lambda.getInterfaces();
    if (interfaces.length == 0) {
      return List.of();
    }
    Class<?> iface = interfaces[0];
    String returns = "L" + Names.internal(iface) + ";";
    List<String> samNames = new ArrayList<>();
    for (Method m : iface.getMethods()) {
      if (Modifier.isAbstract(m.getModifiers())
          && !OBJECT_METHODS.contains(m.getName() + Descriptors.of(m))) {
        samNames.add(m.getName());
      }
    }
    List<String> captured = capturedTypes(lambda);
    List<Site> sites = new ArrayList<>();
    for (MethodInfo m : capturing.file.methods()) {
      if (m.code() == null) {
        continue;
      }
      for (Instruction insn : m.code().instructions()) {
        if (insn instanceof Instruction.InvokeDynamic d
            && d.bootstrap().method().member().owner().equals(LAMBDA_METAFACTORY)
            && samNames.contains(d.name())
            && Names.returnDescriptor(d.descriptor()).equals(returns)
            && Names.parameterDescriptors(d.descriptor()).equals(captured)) {
          sites.add(new Site(capturing.name(), d.name(), d.descriptor(), d.bootstrap()));
        }
      }
    }
    return sites;
  }

  /** Where a lambda was passed straight from its creation: a method and a byte code index. */
  record PassedAt(String method, String descriptor, int bci) {}

  private static final ClassValue<AtomicReference<PassedAt>> PASSED_AT = new ClassValue<>() {
    @Override
    protected AtomicReference<PassedAt> computeValue(Class<?> type) {
      return new AtomicReference<>();
    }
  };

  /** Notes that a lambda of class {@code lambda} was passed by the call at {@code at}. */
  static void passedAt(Class<?> lambda, PassedAt at) {
    PASSED_AT.get(lambda).compareAndSet(null, at);
  }

  /**
   * Of several candidate sites, the one that made {@code lambda} when a call noted by
   * {@link #passedAt} received it straight from the {@code invokedynamic} before it: the
   * instruction before the call is that site, and no branch or handler enters at the call, so the
   * value on top of the stack there is the one that site made. Otherwise {@code sites} as given.
   */
  static List<Site> narrow(ParsedClass capturing, Class<?> lambda, List<Site> sites,
      Supplier<byte[]> bytes) {
    if (sites.size() < 2) {
      return sites;
    }
    PassedAt at = PASSED_AT.get(lambda).get();
    if (at == null) {
      return sites;
    }
    Optional<MethodInfo> m = capturing.method(at.method(), at.descriptor());
    if (m.isEmpty() || m.get().code() == null) {
      return sites;
    }
    byte[] b = bytes.get();
    if (b == null) {
      return sites;
    }
    int call;
    try {
      call = ClassFile.instructionIndex(b, at.method(), at.descriptor(), at.bci());
    } catch (ClassFormatException e) {
      return sites;
    }
    Code code = m.get().code();
    if (call < 1 || call >= code.instructions().size()
        || !(code.instructions().get(call) instanceof Instruction.Invoke)
        || !(code.instructions().get(call - 1) instanceof Instruction.InvokeDynamic d)
        || entered(code, call)) {
      return sites;
    }
    List<Site> made = new ArrayList<>();
    for (Site s : sites) {
      if (s.name().equals(d.name()) && s.descriptor().equals(d.descriptor())
          && s.bootstrap().equals(d.bootstrap())) {
        made.add(s);
      }
    }
    return made.isEmpty() ? sites : made;
  }

  /** Whether a branch, a switch or an exception handler goes to instruction {@code index}. */
  private static boolean entered(Code code, int index) {
    for (Instruction insn : code.instructions()) {
      if (insn instanceof Instruction.Branch b && b.target() == index
          || insn instanceof Instruction.TableSwitch t
              && (t.defaultTarget() == index || t.targets().contains(index))
          || insn instanceof Instruction.LookupSwitch l
              && (l.defaultTarget() == index || l.targets().contains(index))) {
        return true;
      }
    }
    for (ExceptionHandler h : code.exceptionHandlers()) {
      if (h.handler() == index) {
        return true;
      }
    }
    return false;
  }

  private static List<String> capturedTypes(Class<?> lambda) {
    List<Field> fields = new ArrayList<>();
    for (Field f : lambda.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    // javac's metafactory names them arg$1, arg$2, ... in capture order
    fields.sort(Comparator.comparingInt(f -> suffixNumber(f.getName())));
    List<String> types = new ArrayList<>();
    for (Field f : fields) {
      types.add(Descriptors.of(f.getType()));
    }
    return types;
  }

  private static int suffixNumber(String name) {
    int i = name.length();
    while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
      i--;
    }
    return i == name.length() ? Integer.MAX_VALUE : Integer.parseInt(name.substring(i));
  }

}
