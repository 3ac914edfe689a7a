import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Test helper: TLS listeners on 127.0.0.1 with a PEM key and certificate chain and exactly the protocols and
 * cipher suites given, as Neo4j's SSL policy applies dbms.ssl.policy.<scope>.tls_versions and .ciphers to the
 * JDK's TLS (its default provider). One JVM serves many listeners, so a test suite starts Java once.
 *
 * stdin: one listener per line, tab-separated: name, private.key (PKCS#8 PEM), public.crt (PEM chain),
 * protocols (comma-separated), ciphers (comma-separated); then an empty line.
 * stdout: "<name> <port>" per listener, then "ready". Each connection gets "hello\n" after the handshake.
 * The JVM exits when stdin closes.
 */
public class TlsServer {
    static PrivateKey readKey(Path file) throws Exception {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (Exception notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an RSA or EC PKCS#8 key: " + file);
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<SSLServerSocket> sockets = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            String[] f = line.split("\t");
            CertificateFactory certs = CertificateFactory.getInstance("X.509");
            Certificate[] chain;
            try (var stream = Files.newInputStream(Path.of(f[2]))) {
                chain = certs.generateCertificates(stream).toArray(new Certificate[0]);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", readKey(Path.of(f[1])), new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setEnabledProtocols(f[3].split(","));
            socket.setEnabledCipherSuites(f[4].split(","));
            sockets.add(socket);
            System.out.println(f[0] + " " + socket.getLocalPort());
        }
        System.out.println("ready");
        System.out.flush();
        for (SSLServerSocket socket : sockets) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        SSLSocket client = (SSLSocket) socket.accept();
                        new Thread(() -> {
                            try (client) {
                                client.startHandshake();
                                OutputStream out = client.getOutputStream();
                                out.write("hello\n".getBytes(StandardCharsets.UTF_8));
                                out.flush();
                            } catch (Exception failed) {
                                System.err.println("handshake failed: " + failed.getMessage());
                            }
                        }).start();
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }
        while (in.read() != -1) {
            // wait for stdin to close
        }
        System.exit(0);
    }
}
