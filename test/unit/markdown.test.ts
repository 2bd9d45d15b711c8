import { expect } from 'chai';
import fc from 'fast-check';
import {
  codeBlock,
  inlineCode,
  inlineText,
  longestRun,
  singleLine,
  ZERO_WIDTH_SPACE,
} from '../../src/domain/markdown.js';
import { anAdversarialText } from '../support/arbitraries.js';
import {
  codeSpans,
  fenceContents,
  findActiveMarkup,
  visibleText,
  type ActiveMarkup,
} from '../support/gfm.js';

const inert = (found: ActiveMarkup): void => {
  expect(found.links, 'links').to.deep.equal([]);
  expect(found.images, 'images').to.deep.equal([]);
  expect(found.html, 'html').to.deep.equal([]);
  expect(found.entities, 'entities').to.deep.equal([]);
  expect(found.headings, 'headings').to.deep.equal([]);
  expect(found.mentions, 'mentions').to.deep.equal([]);
  expect(found.wwwLinks, 'www links').to.deep.equal([]);
  expect(found.issueReferences, 'issue references').to.deep.equal([]);
  expect(found.unclosedFences, 'unclosed fences').to.equal(0);
};

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
  });

  describe('codeBlock', () => {
    it('fences text with more backticks than its longest run', () => {
      expect(codeBlock('a ``` b\n`````')).to.equal('``````\na ``` b\n`````\n``````');
      expect(codeBlock('plain')).to.equal('```\nplain\n```');
    });

    it('cannot be closed early by the text, whatever it holds', () => {
      const text = 'x\n```\n# not a heading\n~~~\n````\n@user <b>hi</b> [l](http://e)';
      const block = codeBlock(text);
      inert(findActiveMarkup(`before\n\n${block}\n\nafter`));
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
    it('escapes every Markdown character and breaks autolinks and mentions', () => {
      expect(inlineText('# [x](http://e) @ada')).to.equal(
        `\\# \\[x\\]\\(http\\:${ZERO_WIDTH_SPACE}\\/\\/e\\) ${ZERO_WIDTH_SPACE}\\@${ZERO_WIDTH_SPACE}ada`,
      );
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
          inert(findActiveMarkup(markdown));
          expect(fenceContents(markdown)).to.deep.equal([
            `${text.replace(/\r\n?/g, '\n')}${/[\r\n]$/.test(text) ? '' : '\n'}`,
          ]);
        }),
        { numRuns: 300 },
      );
    });

    it('inline code and inline text are inert and read as the text', () => {
      fc.assert(
        fc.property(anAdversarialText(), (text) => {
          const flat = text.replace(/\r\n?|[\n\u2028\u2029\u0085]/g, ' ');
          const markdown = `- **Value:** ${inlineCode(text)}\n- **${inlineText(text)}:** x ${inlineText(text)}`;
          inert(findActiveMarkup(markdown));
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
  });
});
