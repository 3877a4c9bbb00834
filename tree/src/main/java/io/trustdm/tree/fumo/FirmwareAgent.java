package io.trustdm.tree.fumo;

/**
 * The device's firmware machinery, which the FUMO plug-in drives. Both methods run on the plug-in's executor, never
 * on the session thread, and return a FUMO result code: 200 for success, 250–299 for vendor success, otherwise an
 * error such as 402 (corrupted package), 410 (update failed) or 503 (download failed, network).
 */
public interface FirmwareAgent {

    /**
     * Downloads (and keeps) the package named by {@code pkgUrl} for FUMO instance {@code instance}.
     *
     * @return a FUMO result code
     */
    int download(String instance, String pkgUrl);

    /**
     * Installs the package: the one {@link #download} kept when {@code pkgData} is {@code null}, otherwise the octets
     * the server wrote to {@code Update/PkgData}.
     *
     * @return a FUMO result code
     */
    int update(String instance, byte[] pkgData);
}
