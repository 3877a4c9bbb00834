package io.trustdm.server.bootstrap;

import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.transport.TransportSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTPS bootstrap endpoint: a Device presents its TLS client certificate and GETs its bootstrap. The Device
 * identity is the certificate's CN; the transport facts come from the TLS session itself, and the
 * {@link BootstrapService} (through {@code BootstrapTransportPolicy}) decides whether they make a Secure Transport.
 */
public final class BootstrapHttpHandler extends Handler.Abstract {
    private final BootstrapService service;

    public BootstrapHttpHandler(BootstrapService service) {
        this.service = service;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "GET your bootstrap");
        }
        EndPoint.SslSessionData ssl = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        String deviceId = null;
        TransportSecurity transport;
        if (ssl == null) {
            transport = TransportSecurity.plainHttp();
        } else {
            X509Certificate[] certs = ssl.peerCertificates();
            if (certs != null && certs.length > 0) {
                deviceId = CertificateAuthority.commonName(certs[0]);
            }
            transport = TransportSecurity.fromServerTlsSession(ssl.sslSession(), deviceId != null);
        }
        String subject = deviceId == null ? "unidentified device at " + Request.getRemoteAddr(request) : deviceId;
        BootstrapService.Delivery d = service.deliver(subject, transport);
        if (d.bootstrap().isEmpty()) {
            if (!d.decision().isAccepted()) {
                return text(
                        response,
                        callback,
                        HttpStatus.FORBIDDEN_403,
                        "bootstrap refused: " + d.decision().reason());
            }
            return text(response, callback, HttpStatus.NOT_FOUND_404, "no bootstrap prepared for " + subject);
        }
        BootstrapPackage p = d.bootstrap().get();
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, p.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(p.body()), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String msg) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((msg + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
