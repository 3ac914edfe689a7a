import java.io.FileInputStream;
import java.security.Key;
import java.security.KeyStore;
import java.util.Collections;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.net.ssl.SSLContext;

/**
 * Test helper: opens a PKCS12 keystore the way Neo4j does (KeyStore.getInstance("PKCS12")), reads the
 * secret key under an alias and uses it for AES/GCM, the cipher Neo4j encrypts alias credentials with.
 * Usage: KeystoreCheck <file> <alias>      (password in $KEYSTORE_PASSWORD)
 *        KeystoreCheck --supported-ciphers (prints the JDK's supported cipher suites)
 */
public class KeystoreCheck {
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--supported-ciphers")) {
            for (String suite : SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()) System.out.println(suite);
            return;
        }
        char[] password = System.getenv("KEYSTORE_PASSWORD").toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(args[0])) {
            store.load(in, password);
        }
        System.out.println("aliases=" + String.join(",", Collections.list(store.aliases())));
        System.out.println("isSecretKeyEntry=" + store.entryInstanceOf(args[1], KeyStore.SecretKeyEntry.class));
        Key key = store.getKey(args[1], password);
        if (!(key instanceof SecretKey)) throw new IllegalStateException("no secret key under alias " + args[1]);
        System.out.println("algorithm=" + key.getAlgorithm());
        System.out.println("length=" + key.getEncoded().length);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        byte[] sealed = cipher.doFinal("secretpassword".getBytes("UTF-8"));
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        System.out.println("gcm=" + new String(cipher.doFinal(sealed), "UTF-8"));
    }
}
