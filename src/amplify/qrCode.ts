/**
 * The otpauth:// URI as a PNG data URL that any authenticator app can scan.
 * `qrcode` is loaded on the first call, not with this module: an app loads it
 * only when a TOTP setup draws its QR code (bundlers make it a chunk of its own).
 */
export async function createQrCode(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
