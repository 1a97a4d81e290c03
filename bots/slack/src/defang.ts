// Display form of an indicator: defanged so Slack neither links nor previews it, and an analyst
// copying it cannot click it by accident (reference conventions §C3, §A11).

/** `http://evil.com/a` → `hxxp://evil[.]com/a`; `a@b.com` → `a[@]b[.]com`; hashes unchanged. */
export function defang(value: string): string {
  return value
    .replace(/^(h)tt(ps?)(?=:\/\/)/i, (_m, h: string, rest: string) => `${h}xx${rest}`)
    .replace(/^(f)t(p)(?=:\/\/)/i, '$1x$2')
    .replace(/:\/\//, '[://]')
    .replace(/(?<!\[)\.(?!\])/g, '[.]')
    .replace(/@/g, '[@]');
}
