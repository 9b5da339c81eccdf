package io.s3posture.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack until interrupted, for {@code make demo} and manual exploration.
 *
 * <p>Usage: {@code java -jar local-stack.jar DIR}. Writes {@code DIR/kubeconfig}, {@code DIR/env}
 * (shell variables: KUBECONFIG, S3POSTURE_MOTO_ENDPOINT) and finally {@code DIR/ready}.
 */
public final class LocalStackMain {

  private LocalStackMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: java -jar local-stack.jar <work-dir>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Files.deleteIfExists(dir.resolve("ready"));
    LocalStack stack;
    try {
      stack = LocalStack.start(dir);
    } catch (StackStartupException e) {
      System.err.println("local stack failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                }));
    Files.writeString(
        dir.resolve("env"),
        "export KUBECONFIG="
            + stack.kubeconfig()
            + "\nexport S3POSTURE_MOTO_ENDPOINT="
            + stack.moto().endpoint()
            + "\n");
    Files.writeString(dir.resolve("ready"), "ready\n");
    stopped.await();
  }
}
