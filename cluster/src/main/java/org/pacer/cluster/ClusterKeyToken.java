package org.pacer.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

/**
 * JGroups AUTH token proving knowledge of the cluster key: an HMAC of the cluster name under a key derived
 * from it. The coordinator refuses JOIN and MERGE requests whose token differs, so a process with another
 * key cannot become a member even if it could reach the group. JGroups instantiates received tokens with
 * the no-argument constructor; only the configured (local) token holds a key.
 */
public final class ClusterKeyToken extends AuthToken {
    private byte[] proof = new byte[0];

    public ClusterKeyToken() {
    }

    ClusterKeyToken(SecretKey authKey, String clusterName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(authKey);
            proof = mac.doFinal(("join:" + clusterName).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getName() {
        return ClusterKeyToken.class.getName();
    }

    @Override
    public int size() {
        return 4 + proof.length;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        return token instanceof ClusterKeyToken other && proof.length > 0
                && MessageDigest.isEqual(proof, other.proof);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(proof.length);
        out.write(proof);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1024) {
            throw new IOException("bad token length");
        }
        proof = new byte[length];
        in.readFully(proof);
    }
}
