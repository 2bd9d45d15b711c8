import { expect } from 'chai';
import fc from 'fast-check';
import {
  codeBlock,
  inlineCode,
  inlineText,
  longestRun,
  proseBlock,
  singleLine,
  stripBidi,
  ZERO_WIDTH_SPACE,
} from '../../../src/domain/markdown.js';
import {
  aCommitLikeHex,
  anAdversarialText,
  aMisleadingText,
  BIDI_CONTROLS,
} from '../../support/arbitraries.js';
import { expectInert } from '../../support/inert.js';
import {
  blockTypes as parseBlockTypes,
  codeSpans,
  fenceContents,
  findActiveMarkup,
  parse,
  visibleText,
  normalized,
} from '../../support/gfm.js';

/** The visible text of each paragraph. */
const renderedParagraphs = (markdown: string): string[] =>
  parse(markdown)
    .filter((token) => token.type === 'inline')
    .map((token) => visibleText(token.content));

const aPlainTextAround = (): fc.Arbitrary<[string, string]> =>
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }));

const withoutZeroWidth = (text: string): string => text.split(ZERO_WIDTH_SPACE).join('');

describe('markdown: making reporter text inert', () => {
  describe('the test parser sees what GitHub would render', () => {
    it('finds every kind of active markup', () => {
      const found = findActiveMarkup(
        '# h\n\n@user and @org/team www.x.com #12 &amp; <b>x</b> [a](http://e) ![i](http://i) ' +
          'https://x.example a@b.com\n\n```\n@nope\n',
      );
      expect(found.headings).to.deep.equal(['h']);
      expect(found.mentions).to.deep.equal(['@user', '@org/team']);
      expect(found.wwwLinks).to.deep.equal(['www.x.com']);
      expect(found.issueReferences).to.deep.equal(['#12']);
      expect(found.entities).to.deep.equal(['&amp;']);
      expect(found.html).to.deep.equal(['<b>', '</b>']);
      expect(found.links).to.deep.equal(['http://e', 'https://x.example', 'mailto:a@b.com']);
      expect(found.images).to.deep.equal(['http://i']);
      expect(found.unclosedFences).to.equal(1);
    });

    it('finds commit SHAs, emoji and bare domains too', () => {
      const found = findActiveMarkup(
        'see 3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e, a1b2c3d :tada: :+1: and evil.com, ' +
          'not 09:30:00 or deadbeef or `a1b2c3d4`',
      );
      expect(found.commitShas).to.deep.equal([
        '3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e',
        'a1b2c3d',
      ]);
      expect(found.emoji).to.deep.equal([':tada:', ':+1:']);
      expect(found.bareDomains).to.deep.equal(['evil.com']);
    });
  });

  describe('direction controls', () => {
    it('are dropped by every container', () => {
      const text = `a${BIDI_CONTROLS.join('')}b`;
      expect(stripBidi(text)).to.equal('ab');
      expect(singleLine(text)).to.equal('ab');
      expect(inlineCode(text)).to.equal('` ab `');
      expect(inlineText(text)).to.equal('ab');
      expect(codeBlock(text)).to.equal('```\nab\n```');
      expect(proseBlock(text)).to.equal('ab');
    });
  });

  describe('proseBlock', () => {
    it('keeps line breaks as hard breaks and blank lines as paragraphs', () => {
      expect(proseBlock('Clicking Export\nspins.\n\n\nSecond paragraph')).to.equal(
        'Clicking Export\\\nspins\\.\n\nSecond paragraph',
      );
      const html = renderedParagraphs(proseBlock('1. Open\n2. Click\n\n   3. Indented'));
      expect(html).to.deep.equal(['1. Open\n2. Click', '\u00A0\u00A0\u00A03. Indented']);
    });

    it('makes no block of a line: heading, list, quote, table, fence, setext or indented code', () => {
      const text =
        '# h\n- [ ] task\n+ b\n1) c\n> q\n| a | b |\n|---|---|\nTitle\n===\n---\n```\n~~~\n\n    code\n\t\ttab';
      const markdown = proseBlock(text);
      const blocks = parseBlockTypes(markdown);
      expect(
        blocks.every((type) => type === 'paragraph_open'),
        blocks.join(),
      ).to.equal(true);
      expectInert(markdown, { allowDirectionControls: true });
    });

    it('puts commit-like hex in code spans, and breaks emoji, bare domains and references', () => {
      const sha = '3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e';
      const markdown = proseBlock(`${sha} a1b2c3d :tada: evil.com acme/app#1 GH-2 &#64;x`);
      expect(codeSpans(markdown)).to.deep.equal([sha, 'a1b2c3d']);
      expectInert(markdown, { allowDirectionControls: true });
    });
  });

  describe('codeBlock', () => {
    it('fences text with more backticks than its longest run', () => {
      expect(codeBlock('a ``` b\n`````')).to.equal('``````\na ``` b\n`````\n``````');
      expect(codeBlock('plain')).to.equal('```\nplain\n```');
    });

    it('cannot be closed early by the text, whatever it holds', () => {
      const text = 'x\n```\n# not a heading\n~~~\n````\n@user <b>hi</b> [l](http://e)';
      const block = codeBlock(text);
      expectInert(`before\n\n${block}\n\nafter`, { allowDirectionControls: true });
      expect(fenceContents(block)).to.deep.equal([`${text}\n`]);
    });

    it('treats a lone CR as the line break it is in CommonMark', () => {
      expect(fenceContents(codeBlock('a\r```\rb\r\nc'))).to.deep.equal(['a\n```\nb\nc\n']);
    });

    it('keeps only safe characters of the language hint', () => {
      expect(codeBlock('x', 'js`\n# h')).to.equal('```jsh\nx\n```');
    });
  });

  describe('inlineCode', () => {
    it('shows the text verbatim on one line, backticks included', () => {
      for (const text of ['`a`', 'a``b', '```', 'x\ny', '<b>@user</b> [l](http://e)']) {
        const span = inlineCode(text);
        expect(codeSpans(`- **v:** ${span} after`)).to.deep.equal([text.replace('\n', ' ')]);
      }
    });
  });

  describe('inlineText', () => {
    it('escapes every Markdown character, breaks mentions and puts URLs in code spans', () => {
      expect(inlineText('# [x](http://e) @ada')).to.equal(
        `\\# \\[x\\]\\(\` http://e \`\\) ${ZERO_WIDTH_SPACE}\\@${ZERO_WIDTH_SPACE}ada`,
      );
      expect(
        codeSpans(inlineText('see https://x.example/a?b=1, and www.y.example.')),
      ).to.deep.equal(['https://x.example/a?b=1', 'www.y.example']);
    });

    it('collapses line breaks so nothing starts a block', () => {
      expect(inlineText('a\n# b\r\n- c\u2028d')).to.equal('a \\# b \\- c d');
    });
  });

  describe('properties', () => {
    it('no text can break out of a code block', () => {
      fc.assert(
        fc.property(anAdversarialText(20), (text) => {
          const markdown = `Intro\n\n${codeBlock(text)}\n\nOutro`;
          expectInert(markdown, { allowDirectionControls: true });
          const shown = stripBidi(text);
          expect(fenceContents(markdown)).to.deep.equal([
            `${shown.replace(/\r\n?/g, '\n')}${/[\r\n]$/.test(shown) ? '' : '\n'}`,
          ]);
        }),
        { numRuns: 300 },
      );
    });

    it('inline code and inline text are inert and read as the text', () => {
      fc.assert(
        fc.property(anAdversarialText(), (text) => {
          const flat = stripBidi(text).replace(/\r\n?|[\n\u2028\u2029\u0085]/g, ' ');
          const markdown = `- **Value:** ${inlineCode(text)}\n- **${inlineText(text)}:** x ${inlineText(text)}`;
          expectInert(markdown, { allowDirectionControls: true });
          expect(longestRun(markdown, '\n')).to.equal(1);
          expect(codeSpans(markdown)[0]).to.equal(/^ *$/.test(flat) ? ` ${flat} ` : flat);
        }),
        { numRuns: 300 },
      );
    });

    it('inline text renders as the text, give or take invisible spaces', () => {
      fc.assert(
        fc.property(fc.oneof(anAdversarialText(), fc.string()), (text) => {
          const shown = visibleText(`x ${inlineText(text)}`);
          const expected = `x ${singleLine(text)}`;
          expect(withoutZeroWidth(shown).trimEnd()).to.equal(withoutZeroWidth(expected).trimEnd());
        }),
        { numRuns: 300 },
      );
    });

    it('prose is inert, one paragraph per block of lines, and reads as the text', () => {
      fc.assert(
        fc.property(fc.oneof(anAdversarialText(20), aMisleadingText(), fc.string()), (text) => {
          const markdown = `Intro\n\n${proseBlock(text)}\n\nOutro`;
          expectInert(markdown, { allowDirectionControls: true });
          const blocks = parseBlockTypes(markdown);
          expect(
            blocks.every((type) => type === 'paragraph_open'),
            blocks.join(),
          ).to.equal(true);
          expect(markdown).not.to.match(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
          expect(normalized(renderedParagraphs(markdown).join(' '))).to.equal(
            normalized(`Intro ${stripBidi(text)} Outro`),
          );
        }),
        { numRuns: 400 },
      );
    });

    it('no commit-like hex is left as text', () => {
      fc.assert(
        fc.property(aCommitLikeHex(), aPlainTextAround(), (hex, [before, after]) => {
          expectInert(proseBlock(`${before} ${hex} ${after}`), { allowDirectionControls: true });
          expectInert(`x ${inlineText(`${before} ${hex} ${after}`)}`, {
            allowDirectionControls: true,
          });
        }),
        { numRuns: 200 },
      );
    });
  });
});
