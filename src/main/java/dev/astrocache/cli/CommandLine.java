package dev.astrocache.cli;

import dev.astrocache.config.Setting;
import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command line, {@code java -jar astrocache.jar <command> [options]}: parses the arguments,
 * finds the cache directory as the library does, runs one of the {@link Commands} and returns
 * the exit code. Errors are one line on the error stream saying what failed, where, and the fix.
 */
public final class CommandLine {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** {@code verify} found bad entries (and quarantined them). */
  public static final int BAD_ENTRIES = 1;
  /** A wrong command, option or value: nothing was done. */
  public static final int USAGE = 2;
  /** No cache directory where the settings point, or not one astrocache wrote. */
  public static final int NO_DIRECTORY = 3;
  /** The directory could not be read or changed part way through. */
  public static final int IO_ERROR = 4;

  /** What each command takes: its name, summary, usage, value options and flags. */
  record Spec(String name, String summary, String usage, Set<String> values, Set<String> flags,
      int maxArguments, String details) {}

  static final Set<String> GLOBAL_VALUES = Set.of("--dir");
  static final Set<String> GLOBAL_FLAGS = Set.of("--json", "--help");

  static final List<Spec> SPECS = List.of(
      new Spec("list", "functions, their code versions, entries, bytes and last use",
          "list [--entries FUNCTION]", Set.of("--entries"), Set.of(), 0,
          "  --entries FUNCTION  one function's entries: creation time, size, compute time and\n"
              + "                      the call's arguments as the entry's header recorded them\n"),
      new Spec("stats", "what the directory holds, per function and in total", "stats",
          Set.of(), Set.of(), 0, ""),
      new Spec("prune", "remove entries: by size, age or code version",
          "prune [--max-size SIZE] [--older-than DURATION] [--stale-versions N] [--expired]"
              + " [--dry-run]",
          Set.of("--max-size", "--older-than", "--stale-versions"),
          Set.of("--expired", "--dry-run"), 0,
          "  --max-size SIZE       remove the entries worth least until the entries take at\n"
              + "                        most SIZE (500m, 2g, a number of bytes), ranked as the\n"
              + "                        library's size cap ranks them: cheap to compute again\n"
              + "                        for their size, little used, long unused go first\n"
              + "  --older-than DURATION remove entries not used for DURATION (90m, 720h, PT2H)\n"
              + "  --stale-versions N    keep each function's N most recently used code versions\n"
              + "                        and remove the entries of older ones (manifests stay)\n"
              + "  --expired             remove entries past the time to live in force when they\n"
              + "                        were written (entries written without one never expire)\n"
              + "  --dry-run             say what would be removed, remove nothing\n"
              + "  Several options combine: stale versions, then age, then expiry, then size.\n"),
      new Spec("clear", "remove every entry, or one function's", "clear (--all | FUNCTION)",
          Set.of(), Set.of("--all"), 1,
          "  FUNCTION  the function folder, or its unique beginning (list shows them)\n"
              + "  --all     every function, and the quarantine\n"
              + "  Only astrocache's own files are removed; anything else is left and counted.\n"),
      new Spec("verify", "checksum every entry and quarantine the bad ones", "verify",
          Set.of(), Set.of(), 0,
          "  Reads every entry whole and checks it as a hit would (magic, version, lengths,\n"
              + "  checksum, key). Bad entries move to <dir>/quarantine/. Exit code 1 if any.\n"),
      new Spec("explain", "a function's code versions and the methods that changed",
          "explain FUNCTION", Set.of(), Set.of(), 1,
          "  FUNCTION  the function folder, or its unique beginning (list shows them)\n"
              + "  Versions are listed oldest first; between consecutive ones, the reached\n"
              + "  methods that changed, appeared and disappeared, from the stored manifests.\n"));

  private CommandLine() {}

  /** Runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, Front front, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args == null");
    try {
      return runOrThrow(args, front, out);
    } catch (Failure f) {
      out.flush();
      err.println("astrocache: " + f.getMessage());
      return f.exitCode;
    } catch (UncheckedIOException e) {
      out.flush();
      err.println("astrocache: " + e.getCause().getMessage() + ": cannot read or change the"
          + " cache directory. Check its permissions, or stop the programs using it.");
      return IO_ERROR;
    }
  }

  private static int runOrThrow(String[] args, Front front, PrintStream out) {
    if (args.length == 0) {
      throw new Failure(USAGE, "no command given. Commands: " + commandNames()
          + " (astrocache --help says more)");
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(usage());
      return OK;
    }
    Spec spec = null;
    for (Spec s : SPECS) {
      if (s.name().equals(args[0])) {
        spec = s;
      }
    }
    if (spec == null) {
      String close = closest(args[0], SPECS.stream().map(Spec::name).toList());
      throw new Failure(USAGE, "unknown command '" + args[0] + "'"
          + (close == null ? "" : ": did you mean '" + close + "'?") + " Commands: "
          + commandNames() + " (astrocache --help)");
    }
    Args parsed = Args.parse(spec, args);
    if (parsed.has("--help")) {
      out.print(help(spec));
      return OK;
    }
    Path dir = directory(front, parsed.value("--dir"));
    try {
      return new Commands(front, FileLayout.of(dir), source(parsed.value("--dir")), parsed, out)
          .run(spec.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory the settings name, checked: it must exist and be astrocache's. */
  private static Path directory(Front front, String dirOption) {
    Path dir;
    try {
      dir = front.directory(dirOption);
    } catch (IllegalArgumentException e) {
      throw new Failure(USAGE, e.getMessage().replace("astrocache.dir ", "the directory ("
          + source(dirOption) + ") "));
    }
    if (dir == null) {
      throw new Failure(NO_DIRECTORY, front.noDirectory().replaceFirst("^astrocache: ", "")
          .replace("Set astrocache.dir (or ASTROCACHE_DIR)", "Pass --dir, or set astrocache.dir"
              + " or ASTROCACHE_DIR,"));
    }
    String fix = " Name the folder the program caches in with --dir, -Dastrocache.dir or"
        + " ASTROCACHE_DIR.";
    if (!Files.exists(dir)) {
      throw new Failure(NO_DIRECTORY, "no cache directory at " + dir + " (from "
          + source(dirOption) + "): nothing was cached there, or the path is wrong." + fix);
    }
    if (!Files.isDirectory(dir)) {
      throw new Failure(NO_DIRECTORY, dir + " (from " + source(dirOption)
          + ") is a file, not a cache directory." + fix);
    }
    FileLayout layout = FileLayout.of(dir);
    try (Stream<Path> children = Files.list(dir)) {
      List<Path> all = children.toList();
      boolean ours = Files.isDirectory(layout.quarantine()) || !Tree.functionNames(layout)
          .isEmpty();
      if (!ours && !all.isEmpty()) {
        throw new Failure(NO_DIRECTORY, dir + " (from " + source(dirOption) + ") holds "
            + all.size() + " file" + (all.size() == 1 ? "" : "s") + " or folder"
            + (all.size() == 1 ? "" : "s") + ", none of them astrocache's: not a cache"
            + " directory." + fix);
      }
    } catch (IOException e) {
      throw new Failure(NO_DIRECTORY, "cannot read the cache directory " + dir + " (from "
          + source(dirOption) + "): " + e + ". Check its permissions.");
    }
    return dir;
  }

  /** Where the directory setting came from, as a person would set it. */
  static String source(String dirOption) {
    if (dirOption != null) {
      return "--dir";
    }
    String property = System.getProperty(Setting.DIR.propertyName());
    if (property != null && !property.isBlank()) {
      return "-D" + Setting.DIR.propertyName();
    }
    String variable = System.getenv(Setting.DIR.environmentName());
    if (variable != null && !variable.isBlank()) {
      return Setting.DIR.environmentName();
    }
    return "the default, " + Setting.DIR.shownDefault();
  }

  private static String commandNames() {
    return String.join(", ", SPECS.stream().map(Spec::name).toList());
  }

  static String usage() {
    StringBuilder b = new StringBuilder("usage: java -jar astrocache.jar <command> [options]\n\n"
        + "Looks after a cache directory: the one the library uses (--dir, else -Dastrocache.dir,"
        + "\nelse ASTROCACHE_DIR, else ~/.astrocache).\n\nCommands:\n");
    for (Spec s : SPECS) {
      b.append(String.format(Locale.ROOT, "  %-8s %s%n", s.name(), s.summary()));
    }
    b.append("\nOptions of every command:\n").append(GLOBAL_HELP).append('\n').append(EXIT_CODES)
        .append("\n`astrocache <command> --help` describes a command.\n");
    return b.toString();
  }

  static String help(Spec spec) {
    return "usage: java -jar astrocache.jar " + spec.usage() + " [--dir DIR] [--json]\n\n"
        + Character.toUpperCase(spec.summary().charAt(0)) + spec.summary().substring(1) + ".\n\n"
        + (spec.details().isEmpty() ? "" : spec.details() + "\n") + GLOBAL_HELP + "\n"
        + EXIT_CODES;
  }

  private static final String GLOBAL_HELP =
      "  --dir DIR   the cache directory (else -Dastrocache.dir, ASTROCACHE_DIR, ~/.astrocache)\n"
          + "  --json      print one JSON document instead of tables\n"
          + "  --help      print this help\n";

  private static final String EXIT_CODES = "Exit codes: 0 done; 1 verify found bad entries;"
      + " 2 wrong command, option or value;\n  3 no cache directory there; 4 the directory could"
      + " not be read or changed.\n";

  /** The candidate within edit distance 2 of {@code word}, if one is. */
  static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** A failure with its exit code and its message (without the {@code astrocache: } prefix). */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    Failure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** Parsed arguments: the options given, with their values, and the other arguments. */
  static final class Args {
    final Spec spec;
    private final Map<String, String> options = new LinkedHashMap<>();
    final List<String> arguments = new ArrayList<>();

    private Args(Spec spec) {
      this.spec = spec;
    }

    static Args parse(Spec spec, String[] args) {
      Args a = new Args(spec);
      boolean onlyArguments = false;
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (onlyArguments || !arg.startsWith("-") || arg.equals("-")) {
          a.arguments.add(arg);
          continue;
        }
        if (arg.equals("--")) {
          onlyArguments = true;
          continue;
        }
        int eq = arg.indexOf('=');
        String name = eq > 0 ? arg.substring(0, eq) : arg;
        boolean takesValue = spec.values().contains(name) || GLOBAL_VALUES.contains(name);
        boolean flag = spec.flags().contains(name) || GLOBAL_FLAGS.contains(name);
        if (!takesValue && !flag) {
          List<String> known = new ArrayList<>(spec.values());
          known.addAll(spec.flags());
          known.addAll(GLOBAL_VALUES);
          known.addAll(GLOBAL_FLAGS);
          String close = closest(name, known);
          throw new Failure(USAGE, spec.name() + " does not take " + name
              + (close == null ? "" : ": did you mean " + close + "?") + " `astrocache "
              + spec.name() + " --help` lists its options.");
        }
        String value;
        if (flag) {
          if (eq > 0) {
            throw new Failure(USAGE, name + " takes no value, not '" + arg.substring(eq + 1)
                + "' (astrocache " + spec.name() + " --help)");
          }
          value = "";
        } else if (eq > 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          value = args[++i];
        } else {
          throw new Failure(USAGE, name + " needs a value, such as " + name + " "
              + example(name) + " (astrocache " + spec.name() + " --help)");
        }
        if (a.options.containsKey(name)) {
          throw new Failure(USAGE, name + " is given twice: '" + a.options.get(name) + "', then '"
              + value + "'. Give it once.");
        }
        a.options.put(name, value);
      }
      if (a.has("--help")) {
        return a;
      }
      if (a.arguments.size() > spec.maxArguments()) {
        throw new Failure(USAGE, spec.name() + (spec.maxArguments() == 0 ? " takes no argument"
            : " takes one argument") + ", not '" + a.arguments.get(spec.maxArguments()) + "'"
            + " (astrocache " + spec.name() + " --help)");
      }
      return a;
    }

    private static String example(String option) {
      return switch (option) {
        case "--max-size" -> "500m";
        case "--older-than" -> "720h";
        case "--stale-versions" -> "3";
        case "--dir" -> "~/.astrocache";
        default -> "FUNCTION";
      };
    }

    boolean has(String option) {
      return options.containsKey(option);
    }

    String value(String option) {
      return options.get(option);
    }

    boolean json() {
      return has("--json");
    }
  }
}
