package io.s3posture.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsClients;
import io.s3posture.aws.AwsTarget;
import io.s3posture.localstack.LocalStack;
import io.s3posture.localstack.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * What integration tests get from {@link LocalStackExtension}: the shared local stack, an admin
 * Kubernetes client, and S3 / S3 Control clients built by the product's own client factory.
 */
public final class TestStack implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = MotoServer.ACCOUNT_ID;

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String RUN_ID =
      Long.toString(System.currentTimeMillis() % 1_000_000, 36).toLowerCase(Locale.ROOT);

  private final LocalStack stack;
  private final KubernetesClient kubernetes;
  private final AwsClientFactory awsClientFactory;

  public TestStack(LocalStack stack) {
    this.stack = stack;
    this.kubernetes = kubernetesClient(stack);
    this.awsClientFactory = new AwsClientFactory(List.of(), 3);
    installCrds(kubernetes);
  }

  /** Applies the shipped CRDs (crds/) and waits until the API server serves them. */
  public static void installCrds(KubernetesClient kubernetes) {
    // tests run in operator/, tools such as the benchmark from the repository root
    Path crds = Files.isDirectory(Path.of("..", "crds")) ? Path.of("..", "crds") : Path.of("crds");
    try (var files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var in = Files.newInputStream(file)) {
          applyCrd(kubernetes, in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies the CRD read from {@code yaml} and waits until the API server serves it. */
  public static CustomResourceDefinition applyCrd(KubernetesClient kubernetes, InputStream yaml) {
    var crds = kubernetes.apiextensions().v1().customResourceDefinitions();
    CustomResourceDefinition crd = crds.load(yaml).item();
    crds.resource(crd).serverSideApply();
    return crds.withName(crd.getMetadata().getName())
        .waitUntilCondition(TestStack::established, 60, TimeUnit.SECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static KubernetesClient kubernetesClient(LocalStack stack) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(stack.kubeconfig()));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LocalStack localStack() {
    return stack;
  }

  /** An admin client (group system:masters). */
  public KubernetesClient kubernetes() {
    return kubernetes;
  }

  public MotoServer moto() {
    return stack.moto();
  }

  public AwsTarget awsTarget() {
    return AwsTarget.of(REGION).withEndpoint(stack.moto().endpoint()).withAccountId(ACCOUNT_ID);
  }

  public AwsClients aws() {
    return awsClientFactory.clientsFor(awsTarget());
  }

  public S3Client s3() {
    return aws().s3();
  }

  public S3ControlClient s3Control() {
    return aws().s3Control();
  }

  /** Puts moto's buckets and account into the states tests start from. */
  public BucketSeeder seeder() {
    return new BucketSeeder(s3(), s3Control());
  }

  /** A bucket name no other test in this run uses (moto shares bucket names across accounts). */
  public static String uniqueBucketName(String prefix) {
    return prefix + "-" + RUN_ID + "-" + SEQUENCE.incrementAndGet();
  }

  /** Creates a fresh namespace for one test class or test. */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + RUN_ID + "-" + SEQUENCE.incrementAndGet();
    kubernetes
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  @Override
  public void close() {
    awsClientFactory.close();
    kubernetes.close();
    stack.close();
  }
}
