/** Hill saturation A^s / (A^s + K^s), in (0, 1); 0 for no adstock. */
export function hillSaturation(adstock: number, halfSaturation: number, shape: number): number {
  if (adstock <= 0) return 0;
  const scaled = Math.pow(adstock / halfSaturation, shape);
  return scaled / (1 + scaled);
}

/** Partial derivatives of the Hill saturation by adstock, half-saturation and shape. */
export function hillGradient(
  adstock: number,
  halfSaturation: number,
  shape: number,
): { readonly byAdstock: number; readonly byHalfSaturation: number; readonly byShape: number } {
  if (adstock <= 0) return { byAdstock: 0, byHalfSaturation: 0, byShape: 0 };
  const ratio = adstock / halfSaturation;
  const scaled = Math.pow(ratio, shape);
  const outer = 1 / ((1 + scaled) * (1 + scaled));
  return {
    byAdstock: (outer * shape * scaled) / adstock,
    byHalfSaturation: (-outer * shape * scaled) / halfSaturation,
    byShape: outer * scaled * Math.log(ratio),
  };
}
