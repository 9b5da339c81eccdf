package io.s3posture.localstack.proxy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FaultProxy} and its {@link FaultProxyControl} as a process, for benchmark scripts.
 *
 * <pre>
 * java -cp local-stack/target/local-stack-*-launcher.jar io.s3posture.localstack.proxy.FaultProxyMain \
 *     --upstream http://127.0.0.1:5000 [--port 0] [--control-port 0] [--paginate-list-buckets] \
 *     [--rule JSON]... [--env-file FILE]
 * </pre>
 *
 * Prints {@code FAULT_PROXY_ENDPOINT=...} and {@code FAULT_PROXY_CONTROL=...} on stdout when ready
 * (and writes them to {@code --env-file}, atomically, for {@code source}); runs until killed.
 */
public final class FaultProxyMain {

  static final String USAGE =
      "usage: FaultProxyMain --upstream URL [--port N] [--control-port N]"
          + " [--paginate-list-buckets] [--rule JSON]... [--env-file FILE]";

  private FaultProxyMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fault-proxy: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    FaultProxy proxy = FaultProxy.start(options.upstream(), options.port());
    FaultProxyControl control = FaultProxyControl.start(proxy, options.controlPort());
    proxy.paginateListBuckets(options.paginate());
    options.rules().forEach(proxy::addRule);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  control.close();
                  proxy.close();
                  stopped.countDown();
                }));
    String env =
        "FAULT_PROXY_ENDPOINT="
            + proxy.endpoint()
            + "\nFAULT_PROXY_CONTROL="
            + control.endpoint()
            + "\n";
    if (options.envFile().isPresent()) {
      Path file = options.envFile().get().toAbsolutePath();
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, env);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.print(env);
    System.out.flush();
    stopped.await();
  }

  record Options(
      URI upstream,
      int port,
      int controlPort,
      boolean paginate,
      List<FaultRule> rules,
      Optional<Path> envFile) {

    static Options parse(String[] args) {
      URI upstream = null;
      int port = 0;
      int controlPort = 0;
      boolean paginate = false;
      List<FaultRule> rules = new ArrayList<>();
      Optional<Path> envFile = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--upstream" -> upstream = URI.create(value(args, ++i, arg));
          case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
          case "--control-port" -> controlPort = Integer.parseInt(value(args, ++i, arg));
          case "--paginate-list-buckets" -> paginate = true;
          case "--rule" -> rules.add(FaultRule.fromJson(Json.parseObject(value(args, ++i, arg))));
          case "--env-file" -> envFile = Optional.of(Path.of(value(args, ++i, arg)));
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (upstream == null) {
        throw new IllegalArgumentException("--upstream is required");
      }
      return new Options(upstream, port, controlPort, paginate, List.copyOf(rules), envFile);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
