package io.s3posture.testing;

import io.s3posture.changes.EventQueue;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.Timings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * One in-process operator per test class against the shared local stack, the way
 * java-operator-sdk's {@code LocallyRunOperatorExtension} runs one per class: a fresh namespace,
 * the operator watching it (or only AccountPolicies), started before the class's tests and stopped
 * after them together with what it owns (its change-event queue, its management endpoint). Register
 * it on a static field, after {@link LocalStackExtension} (and {@link FaultProxyExtension} when it
 * goes through the class's proxy):
 *
 * <pre>
 * &#64;ExtendWith(LocalStackExtension.class)
 * class SomethingIT {
 *   &#64;RegisterExtension
 *   static final OperatorExtension running = OperatorExtension.inNamespace("something").build();
 *
 *   private final Policies policies = running.policies();
 *
 *   &#64;Test
 *   void test() {
 *     String bucket = running.stack().seeder().bucket("something");
 *     policies.applyAndAwaitCheck(Policies.manifest(running.namespace(), "p", ...));
 *     assertThat(running.operator().awsWrites()).isEqualTo(1);
 * </pre>
 *
 * The operator is running before the test instance is made, whatever the class's lifecycle, so
 * field initialisers may read it. The namespace stays when the class is done, as every test
 * namespace does: the API server lives for one run.
 */
public final class OperatorExtension
    implements TestInstancePreConstructCallback, BeforeAllCallback, AfterAllCallback {

  /** Watched when the operator is for AccountPolicies only: no BucketPolicy lives there. */
  private static final String NO_BUCKET_POLICIES = "no-bucket-policies";

  private final Settings settings;
  private TestStack stack;
  private String namespace;
  private ChangeEventQueue queue;
  private OperatorUnderTest operator;
  private ManagementEndpoint endpoint;
  private Policies policies;

  private OperatorExtension(Settings settings) {
    this.settings = settings;
  }

  /** An operator watching a fresh namespace named after {@code prefix}. */
  public static Builder inNamespace(String prefix) {
    return new Builder(Objects.requireNonNull(prefix, "prefix"), false);
  }

  /** An operator for AccountPolicies, watching no namespace that has BucketPolicies. */
  public static Builder forAccountPolicies() {
    return new Builder(null, true);
  }

  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    start(context); // a per-class test instance is made before beforeAll
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context);
  }

  private synchronized void start(ExtensionContext context) {
    if (stack != null) {
      return;
    }
    stack = LocalStackExtension.stack(context);
    namespace =
        settings.namespacePrefix() == null
            ? NO_BUCKET_POLICIES
            : stack.createNamespace(settings.namespacePrefix());
    URI moto = stack.moto().endpoint();
    List<EventQueue> queues = new ArrayList<>(settings.eventQueues());
    if (settings.queue() != null) {
      queue = settings.queue().apply(moto);
      queues.add(queue.config());
    }
    URI aws = settings.faultProxy() ? FaultProxyExtension.proxy(context).endpoint() : moto;
    OperatorConfig config =
        OperatorUnderTest.config(
                aws, Set.of(namespace), settings.accountPolicies(), settings.bucketLabel())
            .withEventQueues(queues);
    operator = OperatorUnderTest.start(stack.kubernetes(), config, settings.timings());
    policies = new Policies(stack.kubernetes(), operator);
    if (settings.managementEndpoint()) {
      endpoint = ManagementEndpoint.serve(operator);
    }
  }

  /** Stops the endpoint, then the operator, then its queue, whatever fails on the way. */
  @Override
  public synchronized void afterAll(ExtensionContext context) {
    try {
      if (endpoint != null) {
        endpoint.close();
      }
    } finally {
      try {
        if (operator != null) {
          operator.close();
        }
      } finally {
        if (queue != null) {
          queue.close();
        }
      }
    }
  }

  public TestStack stack() {
    return started(stack);
  }

  /** The namespace the operator watches (for AccountPolicies only: one without policies). */
  public String namespace() {
    return started(namespace);
  }

  public OperatorUnderTest operator() {
    return started(operator);
  }

  public Policies policies() {
    return started(policies);
  }

  /** The change-event queue the operator receives from; see {@link Builder#changeEvents}. */
  public ChangeEventQueue queue() {
    if (settings.queue() == null) {
      throw new IllegalStateException("this operator was built without changeEvents(...)");
    }
    return started(queue);
  }

  /** The operator's management server; see {@link Builder#managementEndpoint}. */
  public ManagementEndpoint endpoint() {
    if (!settings.managementEndpoint()) {
      throw new IllegalStateException("this operator was built without managementEndpoint()");
    }
    return started(endpoint);
  }

  private static <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException(
          "no operator is running: it failed to start, or the OperatorExtension is not registered"
              + " on a static field");
    }
    return value;
  }

  private record Settings(
      String namespacePrefix,
      boolean accountPolicies,
      boolean bucketLabel,
      boolean faultProxy,
      boolean managementEndpoint,
      Timings timings,
      Function<URI, ChangeEventQueue> queue,
      List<EventQueue> eventQueues) {}

  /** What the operator runs with; the defaults are those of {@link OperatorUnderTest#config}. */
  public static final class Builder {

    private final String namespacePrefix;
    private boolean accountPolicies;
    private boolean bucketLabel = true;
    private boolean faultProxy;
    private boolean managementEndpoint;
    private Timings timings = Timings.STANDARD;
    private Function<URI, ChangeEventQueue> queue;
    private final List<EventQueue> eventQueues = new ArrayList<>();

    private Builder(String namespacePrefix, boolean accountPolicies) {
      this.namespacePrefix = namespacePrefix;
      this.accountPolicies = accountPolicies;
    }

    /** AccountPolicies too (they are cluster-scoped: hold {@link TestLocks#MOTO_ACCOUNT}). */
    public Builder accountPolicies() {
      this.accountPolicies = true;
      return this;
    }

    /** Metrics without the bucket label (S3POSTURE_METRICS_BUCKET_LABEL=false). */
    public Builder withoutBucketLabel() {
      this.bucketLabel = false;
      return this;
    }

    /**
     * AWS through the class's {@link io.s3posture.localstack.proxy.FaultProxy} (register {@link
     * FaultProxyExtension} before this extension).
     */
    public Builder throughFaultProxy() {
      this.faultProxy = true;
      return this;
    }

    /** Other AWS timeouts and retry delays (fault tests shorten them). */
    public Builder timings(Timings timings) {
      this.timings = Objects.requireNonNull(timings, "timings");
      return this;
    }

    /**
     * Change events from a queue made against moto when the operator starts, e.g. {@code moto ->
     * ChangeEventQueue.withRule(moto, "events-it")}; closed after the operator.
     */
    public Builder changeEvents(Function<URI, ChangeEventQueue> queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** Change events from a queue configured as is (one that does not exist, for instance). */
    public Builder changeEvents(EventQueue queue) {
      eventQueues.add(Objects.requireNonNull(queue, "queue"));
      return this;
    }

    /** The operator's real management server (/metrics, /healthz, /readyz) on a free port. */
    public Builder managementEndpoint() {
      this.managementEndpoint = true;
      return this;
    }

    public OperatorExtension build() {
      return new OperatorExtension(
          new Settings(
              namespacePrefix,
              accountPolicies,
              bucketLabel,
              faultProxy,
              managementEndpoint,
              timings,
              queue,
              List.copyOf(eventQueues)));
    }
  }
}
