package dev.portcullis.shared;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link SecretCipher} for the application, keyed by {@link SecretKeyLoader}. */
@Configuration(proxyBeanMethods = false)
class SecretCipherConfiguration {

    @Bean
    SecretCipher secretCipher(@Value("${portcullis.secret-key:}") String configured,
            @Value("${portcullis.data-dir:./data}") String dataDir, SecureRandom secureRandom) {
        byte[] key = SecretKeyLoader.load(configured, Path.of(dataDir), secureRandom);
        try {
            return new SecretCipher(key, secureRandom);
        }
        finally {
            Arrays.fill(key, (byte) 0); // the cipher holds its own copy
        }
    }
}
