import QRCode from 'qrcode';

/** The otpauth:// URI as a PNG data URL that any authenticator app can scan. */
export function createQrCode(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
