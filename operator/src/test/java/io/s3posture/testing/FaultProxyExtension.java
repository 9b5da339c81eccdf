package io.s3posture.testing;

import io.s3posture.localstack.proxy.FaultProxy;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link FaultProxy} per test class in front of the shared local stack's moto, stopped when the
 * class is done. Before each test it is transparent again: no rules, no counts, no ListBuckets
 * pagination. Register it after {@link LocalStackExtension}:
 *
 * <pre>
 * &#64;ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
 * class ThrottlingIT {
 *   &#64;Test
 *   void test(TestStack stack, FaultProxy proxy) {
 *     AwsTarget target = stack.awsTarget().withEndpoint(proxy.endpoint());
 *     proxy.addRule(FaultRule.slowDown().onOperation("Get*"));
 *     ...
 *     assertThat(proxy.counts().of("GetBucketPolicy", bucket)).isEqualTo(3);
 * </pre>
 *
 * Counts are per proxy, so classes running in parallel do not see each other's requests; moto and
 * its buckets are shared, so tests still use their own bucket names.
 */
public final class FaultProxyExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FaultProxyExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    proxy(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    proxy(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FaultProxy.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return proxy(context);
  }

  /** The class's proxy; closed by JUnit with the class's store. */
  static FaultProxy proxy(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get(); // a method, or a parameterized invocation
    }
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            FaultProxy.class,
            key -> FaultProxy.start(LocalStackExtension.stack(context).moto().endpoint()),
            FaultProxy.class);
  }
}
