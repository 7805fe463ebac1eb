package dev.kdbsql.flight;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Flight's header authentication for one user: a client first sends HTTP basic credentials
 * (the JDBC and ADBC drivers do so in their handshake), which are checked against the configured
 * user and password in constant time; the answer carries a bearer token, which later calls send
 * instead ({@link GeneratedBearerTokenAuthenticator}; tokens expire after two hours unused).
 * Missing or wrong credentials, or an unknown token, fail with UNAUTHENTICATED. Neither the
 * password nor what a client sent is ever logged or put in a message.
 */
final class Authentication {
  private Authentication() {}

  /** The authenticator for {@code credentials}. */
  static CallHeaderAuthenticator of(ServerOptions.Credentials credentials) {
    byte[] user = credentials.user().getBytes(StandardCharsets.UTF_8);
    byte[] password = credentials.password();
    BasicCallHeaderAuthenticator basic = new BasicCallHeaderAuthenticator((u, p) -> {
      // Both compared, whatever the first gives, so timing tells nothing of which was wrong.
      boolean userOk = MessageDigest.isEqual(user, u.getBytes(StandardCharsets.UTF_8));
      boolean passwordOk = MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8));
      if (!(userOk & passwordOk)) {
        throw CallStatus.UNAUTHENTICATED.withDescription("wrong user name or password")
            .toRuntimeException();
      }
      return () -> credentials.user();
    });
    CallHeaderAuthenticator explained = headers -> {
      if (AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX) == null) {
        throw CallStatus.UNAUTHENTICATED.withDescription("this server needs a user name and "
            + "password (HTTP basic authentication), or a bearer token it issued")
            .toRuntimeException();
      }
      return basic.authenticate(headers);
    };
    return new GeneratedBearerTokenAuthenticator(explained);
  }
}
