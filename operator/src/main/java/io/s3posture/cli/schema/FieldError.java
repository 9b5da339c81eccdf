package io.s3posture.cli.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One reason a manifest is invalid, worded exactly as the Kubernetes API server words its field
 * errors ({@code k8s.io/apimachinery/pkg/util/validation/field}): {@code <field>: <body>}, e.g.
 * {@code spec.mode: Unsupported value: "Fix": supported values: "Audit", "Enforce"}.
 *
 * @param badValue the value shown after the type, {@link #OMITTED} for none
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** Marks an error that shows no value (e.g. a rule on an object or a list). */
  public static final Object OMITTED = new Object();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** field.ErrorType, with the text the API server prints for it. */
  public enum Type {
    REQUIRED("Required value", false),
    INVALID("Invalid value", true),
    TYPE_INVALID("Invalid value", true),
    NOT_SUPPORTED("Unsupported value", true),
    FORBIDDEN("Forbidden", false),
    DUPLICATE("Duplicate value", true),
    TOO_LONG("Too long", false),
    TOO_MANY("Too many", true);

    private final String text;
    private final boolean showsValue;

    Type(String text, boolean showsValue) {
      this.text = text;
      this.showsValue = showsValue;
    }

    /** The "reason" of the API server's status cause, e.g. FieldValueInvalid. */
    public String reason() {
      return switch (this) {
        case REQUIRED -> "FieldValueRequired";
        case INVALID -> "FieldValueInvalid";
        case TYPE_INVALID -> "FieldValueTypeInvalid";
        case NOT_SUPPORTED -> "FieldValueNotSupported";
        case FORBIDDEN -> "FieldValueForbidden";
        case DUPLICATE -> "FieldValueDuplicate";
        case TOO_LONG -> "FieldValueTooLong";
        case TOO_MANY -> "FieldValueTooMany";
      };
    }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
  }

  static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, OMITTED, detail);
  }

  /** The message without the field, as in a status cause's {@code message}. */
  public String body() {
    String body = type.text;
    if (type.showsValue && badValue != OMITTED) {
      body += ": " + goValue(badValue);
    }
    return detail.isEmpty() ? body : body + ": " + detail;
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /** Go's rendering in field errors: %q for strings, %v for numbers and booleans, else JSON. */
  private static String goValue(Object value) {
    if (value instanceof String s) {
      return GoFormat.quote(s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Double d) {
      return GoFormat.number(d);
    }
    if (value instanceof BigDecimal d) {
      return GoFormat.number(d.doubleValue());
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
