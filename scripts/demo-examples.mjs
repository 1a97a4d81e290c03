// The lookups `npm start` suggests, in the order and with the values of the demo table in
// bots/slack/README.md (bots/slack/test/demo-examples.test.ts keeps the two the same).

/** [command, what it shows] pairs for the demo seed's notable values. */
export function demoExamples(d) {
  return [
    [`/intel ${d.maliciousIp}`, 'malicious: TLP:GREEN event with sightings and galaxy clusters'],
    [`/intel hxxp://bad[.]example/invoice/${d.maliciousFilename}`, 'defanged URL from a TLP:AMBER phishing event'],
    ['/intel hxxp://bad[.]example/other', 'suspicious: MISP knows only its host'],
    [`/intel ${d.tlpRedDomain}`, 'TLP:RED: yours only; try "Share in channel"'],
    [`/intel ${d.warninglistedIp} ${d.unknownValue}`, 'known benign (warninglist) and not found'],
    ['/intel help', 'what the bot understands'],
  ];
}

/** The examples as aligned lines: every description starts in the same column. */
export function demoExampleLines(d, indent = '    ') {
  const examples = demoExamples(d);
  const width = Math.max(...examples.map(([command]) => command.length)) + 2;
  return examples.map(([command, what]) => `${indent}${command.padEnd(width)}${what}`).join('\n');
}
