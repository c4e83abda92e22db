package io.lambdakappa.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A page the API serves as it is, from the serving layer's resources: text/html, not JSON. */
record HtmlPage(byte[] bytes) {

  static HtmlPage resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " beside " + HtmlPage.class);
      }
      return new HtmlPage(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
