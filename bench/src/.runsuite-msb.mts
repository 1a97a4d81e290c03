const suite = (await import('/work/main/bench/src/suites/misp-sandbox.ts')).default;
const sections = await suite.run();
console.log(JSON.stringify(sections, null, 1));
