package io.s3posture.localstack.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** HTTP header fields in wire order; names compare case-insensitively. */
public final class HeaderList {

  /** One header field as it was received. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private final List<Header> fields;

  public HeaderList(List<Header> fields) {
    this.fields = List.copyOf(fields);
  }

  public static HeaderList of(String... namesAndValues) {
    List<Header> fields = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      fields.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
    }
    return new HeaderList(fields);
  }

  public List<Header> fields() {
    return fields;
  }

  public Optional<String> first(String name) {
    return fields.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** These fields without any named {@code names}. */
  public HeaderList without(String... names) {
    Set<String> lower =
        Stream.of(names).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return new HeaderList(
        fields.stream().filter(h -> !lower.contains(h.name().toLowerCase(Locale.ROOT))).toList());
  }

  /** These fields with {@code name} set to {@code value} (replacing any previous value). */
  public HeaderList with(String name, String value) {
    List<Header> result = new ArrayList<>(without(name).fields);
    result.add(new Header(name, value));
    return new HeaderList(result);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
