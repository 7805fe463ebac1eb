package dev.kdbsql.flight;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightCallHeaders;
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
 * The token also comes as a session cookie ({@value #COOKIE}), for clients that keep cookies but
 * drop the token on some calls (ADBC Java 0.20 sends no call options with a prepared statement's
 * calls; its cookie middleware still sends the cookie). Missing or wrong credentials, or an
 * unknown token, fail with UNAUTHENTICATED. Neither the password nor what a client sent is ever
 * logged or put in a message.
 */
final class Authentication {
  /** The session cookie: the bearer token, hex-encoded. */
  static final String COOKIE = "kdbsql-session";

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
    GeneratedBearerTokenAuthenticator tokens = new GeneratedBearerTokenAuthenticator(explained);
    return headers -> {
      String session = headers.containsKey(Auth2Constants.AUTHORIZATION_HEADER) ? null
          : sessionCookie(headers);
      CallHeaderAuthenticator.AuthResult r;
      if (session != null) {
        CallHeaders asBearer = new FlightCallHeaders();
        asBearer.insert(Auth2Constants.AUTHORIZATION_HEADER,
            Auth2Constants.BEARER_PREFIX + session);
        r = tokens.authenticate(asBearer);
      } else {
        r = tokens.authenticate(headers);
      }
      return new CallHeaderAuthenticator.AuthResult() {
        @Override
        public String getPeerIdentity() {
          return r.getPeerIdentity();
        }

        @Override
        public void appendToOutgoingHeaders(CallHeaders outgoing) {
          r.appendToOutgoingHeaders(outgoing);
          String token = AuthUtilities.getValueFromAuthHeader(outgoing,
              Auth2Constants.BEARER_PREFIX);
          if (token != null) {
            outgoing.insert("Set-Cookie", COOKIE + "="
                + HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)));
          }
        }
      };
    };
  }

  /** The token in the request's session cookie, or null. */
  private static String sessionCookie(CallHeaders headers) {
    Iterable<String> all = headers.getAll("cookie");
    if (all == null) {
      return null;
    }
    for (String header : all) {
      for (String cookie : header.split(";")) {
        String c = cookie.strip();
        if (c.startsWith(COOKIE + "=")) {
          String hex = c.substring(COOKIE.length() + 1).replace("\"", "");
          try {
            return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            throw CallStatus.UNAUTHENTICATED.withDescription("malformed " + COOKIE + " cookie")
                .toRuntimeException();
          }
        }
      }
    }
    return null;
  }
}
