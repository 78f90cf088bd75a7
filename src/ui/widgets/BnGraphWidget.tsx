import { useState } from 'react';
import { Tex } from '../Tex';
import type { WidgetProps } from './types';

interface GraphNode {
  id: string;
  /** SVG label (plain text: KaTeX does not run inside SVG). */
  label: string;
  x: number;
  y: number;
  role: 'input' | 'intermediate' | 'output';
  /** What the node computes, and where its gradient comes from, in LaTeX. */
  forward: string;
  backward: string;
}

const NODES: GraphNode[] = [
  { id: 'X', label: 'X', x: 70, y: 190, role: 'input', forward: 'X \\in \\mathbb R^{N\\times D}\\ \\text{(the mini-batch)}', backward: '\\partial\\mathcal L/\\partial X = \\text{sum of three paths: via } \\mu,\\ \\sigma^2 \\text{ and } Z' },
  { id: 'mu', label: 'μ', x: 220, y: 70, role: 'intermediate', forward: '\\mu_j = \\tfrac1N\\sum_i X_{ij}', backward: '\\partial\\mathcal L/\\partial\\mu \\text{ collects gradients from } \\sigma^2 \\text{ and } Z' },
  { id: 'var', label: 'σ²', x: 380, y: 70, role: 'intermediate', forward: '\\sigma^2_j = \\tfrac1N\\sum_i (X_{ij}-\\mu_j)^2', backward: '\\partial\\mathcal L/\\partial\\sigma^2 \\text{ comes from } Z \\text{ only}' },
  { id: 'Z', label: 'Z', x: 450, y: 190, role: 'intermediate', forward: 'Z_{ij} = (X_{ij}-\\mu_j)/\\sqrt{\\sigma^2_j+\\epsilon}', backward: 'dZ_{ij} = \\gamma_j\\, dY_{ij}' },
  { id: 'gamma', label: 'γ', x: 560, y: 70, role: 'input', forward: '\\gamma \\in \\mathbb R^D\\ \\text{(learned scale)}', backward: '\\partial\\mathcal L/\\partial\\gamma_j = \\sum_i dY_{ij} Z_{ij}' },
  { id: 'beta', label: 'β', x: 560, y: 310, role: 'input', forward: '\\beta \\in \\mathbb R^D\\ \\text{(learned shift)}', backward: '\\partial\\mathcal L/\\partial\\beta_j = \\sum_i dY_{ij}' },
  { id: 'Y', label: 'Y', x: 660, y: 190, role: 'output', forward: 'Y_{ij} = \\gamma_j Z_{ij} + \\beta_j', backward: 'dY = \\partial\\mathcal L/\\partial Y \\text{ arrives from the next layer}' },
];

const EDGES: [string, string][] = [
  ['X', 'mu'],
  ['X', 'var'],
  ['mu', 'var'],
  ['X', 'Z'],
  ['mu', 'Z'],
  ['var', 'Z'],
  ['Z', 'Y'],
  ['gamma', 'Y'],
  ['beta', 'Y'],
];

const R = 26;
const byId = new Map(NODES.map((n) => [n.id, n]));

/** The segment between two node circles, stopping at their rims so the arrowhead shows. */
function segment(from: GraphNode, to: GraphNode) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  const ux = dx / len;
  const uy = dy / len;
  return { x1: from.x + ux * R, y1: from.y + uy * R, x2: to.x - ux * (R + 4), y2: to.y - uy * (R + 4) };
}

/**
 * Problem 5: the computational graph of training-time batch normalization (inputs X, γ, β;
 * intermediates μ, σ², Z; output Y). Selecting a node shows its forward formula and where its
 * gradient comes from, and highlights its arrows.
 */
export default function BnGraphWidget(_: WidgetProps) {
  const [selected, setSelected] = useState('X');
  const node = byId.get(selected) ?? NODES[0];
  return (
    <div className="bn-graph">
      <svg viewBox="0 0 730 360" role="group" aria-label="Computational graph of batch normalization during training" data-bn-graph>
        <defs>
          <marker id="bn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {EDGES.map(([a, b]) => {
          const s = segment(byId.get(a)!, byId.get(b)!);
          const active = a === selected || b === selected;
          return <line key={`${a}-${b}`} data-edge={`${a}->${b}`} className={`bn-edge${active ? ' active' : ''}`} {...s} markerEnd="url(#bn-arrow)" />;
        })}
        {NODES.map((n) => (
          <g
            key={n.id}
            data-node={n.id}
            className={`bn-node ${n.role}${n.id === selected ? ' selected' : ''}`}
            tabIndex={0}
            role="button"
            aria-label={`node ${n.label}`}
            onMouseEnter={() => setSelected(n.id)}
            onFocus={() => setSelected(n.id)}
            onClick={() => setSelected(n.id)}
          >
            <circle cx={n.x} cy={n.y} r={R} />
            <text x={n.x} y={n.y} dominantBaseline="central" textAnchor="middle">
              {n.label}
            </text>
          </g>
        ))}
        <text x={12} y={350} className="bn-legend">
          inputs: X, γ, β · intermediate: μ, σ², Z · output: Y · gradients flow against the arrows
        </text>
      </svg>
      <div className="bn-node-info" data-node-info={node.id}>
        <div>
          <b>forward</b> <Tex tex={node.forward} />
        </div>
        <div>
          <b>backward</b> <Tex tex={node.backward} />
        </div>
      </div>
    </div>
  );
}
