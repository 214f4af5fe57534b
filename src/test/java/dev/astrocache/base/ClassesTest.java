package dev.astrocache.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

class ClassesTest {
  /** Defined again as a hidden class by {@link #hiddenPlain()}. */
  static final class Plain {}

  private static Class<?> hiddenPlain() throws Exception {
    byte[] bytes;
    try (InputStream in = ClassesTest.class.getResourceAsStream("ClassesTest$Plain.class")) {
      bytes = in.readAllBytes();
    }
    return MethodHandles.lookup().defineHiddenClass(bytes, false).lookupClass();
  }

  private static Class<?> proxyOf(ClassLoader loader, Class<?>... interfaces) {
    return Proxy.newProxyInstance(loader, interfaces, (p, m, a) -> null).getClass();
  }

  // ---------------------------------------------------------------------------------- isJdk

  @Test
  void isJdk_class_byThePackageOfABootOrPlatformModule() {
    assertTrue(Classes.isJdk(String.class));
    assertTrue(Classes.isJdk(Map.Entry.class));
    assertTrue(Classes.isJdk(java.net.http.HttpClient.class), "java.net.http is the platform loader's");
    assertTrue(Classes.isJdk(int.class));
    assertTrue(Classes.isJdk(String[][].class));
    assertTrue(Classes.isJdk(Function.identity().getClass()), "a lambda the JDK made");

    assertFalse(Classes.isJdk(ClassesTest.class));
    assertFalse(Classes.isJdk(Plain[].class), "an array is its element type's");
    IntSupplier mine = () -> 1;
    assertFalse(Classes.isJdk(mine.getClass()));
  }

  @Test
  void isJdk_moduleOfTheApplicationLoader_isNot() {
    Class<?> javac = ToolProvider.getSystemJavaCompiler().getClass();
    assertEquals("jdk.compiler", javac.getModule().getName());
    assertSame(ClassLoader.getSystemClassLoader(), javac.getClassLoader());

    assertFalse(Classes.isJdk(javac));
  }

  /** A proxy's code is its handler's: never the JDK's, even made with the boot loader. */
  @Test
  void isJdk_proxyOfAJdkInterfaceWithTheBootLoader_isNot() {
    Class<?> proxy = proxyOf(null, Runnable.class);
    assertNull(proxy.getClassLoader());

    assertFalse(Classes.isJdk(proxy));
  }

  @Test
  void isJdk_internalName_agreesWithTheClassAndArraysAreTheJvms() throws Exception {
    for (Class<?> c : List.of(String.class, Map.Entry.class, java.net.http.HttpClient.class,
        ClassesTest.class, Plain.class, ToolProvider.getSystemJavaCompiler().getClass())) {
      assertEquals(Classes.isJdk(c), Classes.isJdk(c.getName().replace('.', '/')), c.getName());
    }
    assertTrue(Classes.isJdk("[I"));
    assertTrue(Classes.isJdk("[Ldev/astrocache/base/ClassesTest;"));
    assertFalse(Classes.isJdk("Unnamed"));
    assertFalse(Classes.isJdk("java/nosuchpackage/X"));
  }

  // ------------------------------------------------------------------------------- isLambda

  @Test
  void isLambda_hiddenClassesOfTheLambdaMetafactory() throws Exception {
    IntSupplier lambda = () -> 1;
    Supplier<Object> reference = ArrayList::new;
    assertTrue(Classes.isLambda(lambda.getClass()));
    assertTrue(Classes.isLambda(reference.getClass()));
    assertTrue(Classes.isLambda(Function.identity().getClass()));

    Callable<Integer> anonymous = new Callable<>() {
      @Override
      public Integer call() {
        return 1;
      }
    };
    assertFalse(Classes.isLambda(anonymous.getClass()));
    assertFalse(Classes.isLambda(proxyOf(getClass().getClassLoader(), Runnable.class)));
    assertFalse(Classes.isLambda(hiddenPlain()), "hidden, but not named $$Lambda");
  }

  /** Not hidden, so its bytes can be read: it is walked like any class (not "hidden or synthetic"). */
  static final class Named$$Lambda {}

  @Test
  void isLambda_classNamedLikeALambdaButNotHidden_isNot() {
    assertFalse(Classes.isLambda(Named$$Lambda.class));
    assertEquals(Named$$Lambda.class.getName(), Classes.stableName(Named$$Lambda.class));
  }

  @Test
  void capturingClass_lambda_isTheClassWhoseCodeMadeIt() {
    IntSupplier lambda = () -> 1;
    assertEquals(ClassesTest.class.getName(), Classes.capturingClass(lambda.getClass()));
    assertEquals("java.util.function.Function",
        Classes.capturingClass(Function.identity().getClass()));
    assertEquals("java.lang.String is not a lambda class", assertThrows(
        IllegalArgumentException.class, () -> Classes.capturingClass(String.class)).getMessage());
  }

  // ----------------------------------------------------------------------------- stableName

  @Test
  void stableName_lambda_isItsCapturingClassAndLambda() {
    IntSupplier one = () -> 1;
    IntSupplier two = () -> 2;
    assertFalse(one.getClass().getName().equals(two.getClass().getName()));

    assertEquals(ClassesTest.class.getName() + "$$Lambda", Classes.stableName(one.getClass()));
    assertEquals(ClassesTest.class.getName() + "$$Lambda", Classes.stableName(two.getClass()));
  }

  @Test
  void stableName_otherHiddenClass_isItsNameWithoutTheAddress() throws Exception {
    Class<?> hidden = hiddenPlain();
    assertTrue(hidden.getName().startsWith(Plain.class.getName() + "/"), hidden.getName());

    assertEquals(Plain.class.getName(), Classes.stableName(hidden));
  }

  @Test
  void stableName_proxy_isItsInterfacesInBrackets() {
    ClassLoader loader = getClass().getClassLoader();
    assertEquals("proxy[java.lang.Runnable, java.util.concurrent.Callable]",
        Classes.stableName(proxyOf(loader, Runnable.class, Callable.class)));
    assertEquals("proxy[java.lang.Runnable]", Classes.stableName(proxyOf(null, Runnable.class)));
    assertEquals("proxy[]", Classes.stableName(proxyOf(loader)));
    assertEquals(List.of("java.lang.Runnable", "java.util.concurrent.Callable"),
        Classes.proxyInterfaces(proxyOf(loader, Runnable.class, Callable.class)));
  }

  @Test
  void stableName_ordinaryClass_isItsBinaryName() {
    Callable<Integer> anonymous = new Callable<>() {
      @Override
      public Integer call() {
        return 1;
      }
    };
    assertEquals("java.lang.String", Classes.stableName(String.class));
    assertEquals("dev.astrocache.base.ClassesTest$Plain", Classes.stableName(Plain.class));
    assertEquals(anonymous.getClass().getName(), Classes.stableName(anonymous.getClass()));
    assertEquals("[Ljava.lang.String;", Classes.stableName(String[].class));
  }

  @Test
  void stableName_generatedAndSnippetNames_loseWhatChangesFromRunToRun() {
    assertEquals("REPL.$JShell$~$Impl", Classes.stableName("REPL.$JShell$12$Impl"));
    assertEquals("p.Service$$SpringCGLIB$$~", Classes.stableName("p.Service$$SpringCGLIB$$0"));
    assertEquals("p.Service$$EnhancerBySpringCGLIB$$~",
        Classes.stableName("p.Service$$EnhancerBySpringCGLIB$$1a2b3c4d"));
    assertEquals("p.Service$$EnhancerByMockitoWithCGLIB$$~",
        Classes.stableName("p.Service$$EnhancerByMockitoWithCGLIB$$9f8e"));
    assertEquals("p.Service$ByteBuddy$~", Classes.stableName("p.Service$ByteBuddy$AbC123xy"));
    assertEquals("p.Service$MockitoMock$~", Classes.stableName("p.Service$MockitoMock$12345"));
    assertEquals("p.Service$HibernateProxy$~",
        Classes.stableName("p.Service$HibernateProxy$q1W2e3"));
    assertEquals("p.Impl$1", Classes.stableName("p.Impl$1"));
    assertEquals("p.Plain", Classes.stableName("p.Plain"));
  }

  /** A loader that defines one class from the bytes of this test's {@code Marker}, under it. */
  private static Class<?> markerIn(ClassLoader parent) throws Exception {
    byte[] bytes;
    try (InputStream in = ClassesTest.class.getResourceAsStream("ClassesTest$Marker.class")) {
      bytes = in.readAllBytes();
    }
    return new ClassLoader(parent) {
      Class<?> define() {
        return defineClass(Marker.class.getName(), bytes, 0, bytes.length);
      }
    }.define();
  }

  /** Defined again by the loaders of {@link #youngest_isTheClassOfTheDeepestLoader_orNull}. */
  static final class Marker {}

  @Test
  void youngest_isTheClassOfTheDeepestLoader_orNull() throws Exception {
    ClassLoader app = ClassesTest.class.getClassLoader();
    Class<?> plugin = markerIn(app);
    Class<?> sibling = markerIn(app);
    assertSame(plugin, Classes.youngest(List.of(String.class, ClassesTest.class, plugin)));
    assertSame(plugin, Classes.youngest(List.of(plugin, ClassesTest.class, String.class)));
    assertSame(ClassesTest.class, Classes.youngest(List.of(String.class, ClassesTest.class)));
    assertSame(String.class, Classes.youngest(List.of(String.class)));
    assertNull(Classes.youngest(List.of(plugin, sibling)));
    assertNull(Classes.youngest(List.of()));
  }
}
