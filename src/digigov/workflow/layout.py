"""A drawing for a BPMN file that has none (shipped processes, files posted through the API): the designer and the
public guide can only show what has diagram interchange (BPMNDI). Nodes go left to right by their longest distance
from the start, each in its lane's band; flows are drawn with right angles. A file that has a drawing keeps it."""

from lxml import etree

from digigov.workflow.engine import hardened_parser

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
FLOW_NODES = {"startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "intermediateCatchEvent"}
SIZES = {"userTask": (100, 80), "exclusiveGateway": (50, 50), "parallelGateway": (50, 50)}
EVENT = (36, 36)
COLUMN, ROW, POOL_X, POOL_Y, HEADER, PAD = 160, 110, 160, 80, 30, 30


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def with_diagram(bpmn_xml: str) -> str:
    root = etree.fromstring(bpmn_xml.encode(), parser=hardened_parser())
    if root.find(_q(BPMNDI, "BPMNDiagram")) is not None:
        return bpmn_xml
    process = root.find(_q(BPMN, "process"))
    if process is None:
        return bpmn_xml
    nodes = {
        el.get("id"): el
        for el in process
        if isinstance(el.tag, str) and etree.QName(el).localname in FLOW_NODES and el.get("id")
    }
    flows = [f for f in process.findall(_q(BPMN, "sequenceFlow")) if f.get("sourceRef") in nodes]
    column = _columns(nodes, flows)
    lanes = [(lane.get("id"), lane) for lane in process.iter(_q(BPMN, "lane"))]
    lane_of = {
        ref.text.strip(): lane_id
        for lane_id, lane in lanes
        for ref in lane.findall(_q(BPMN, "flowNodeRef"))
        if ref.text
    }
    lane_ids = [lane_id for lane_id, _ in lanes] or [""]
    # rows: within a lane, nodes sharing a column are stacked
    rows: dict[str, int] = {}
    lane_rows = dict.fromkeys(lane_ids, 1)
    for node_id in sorted(nodes, key=lambda n: (column[n], list(nodes).index(n))):
        lane_id = lane_of.get(node_id, lane_ids[0])
        taken = sum(
            1
            for other, row in rows.items()
            if lane_of.get(other, lane_ids[0]) == lane_id and column[other] == column[node_id]
        )
        rows[node_id] = taken
        lane_rows[lane_id] = max(lane_rows[lane_id], taken + 1)
    width = (max(column.values(), default=0) + 1) * COLUMN + 2 * PAD
    lane_top, y = {}, POOL_Y
    for lane_id in lane_ids:
        lane_top[lane_id] = y
        y += lane_rows[lane_id] * ROW + 2 * PAD - ROW // 3
    height = y - POOL_Y

    centre = {}
    for node_id in nodes:
        lane_id = lane_of.get(node_id, lane_ids[0])
        centre[node_id] = (
            POOL_X + HEADER + PAD + column[node_id] * COLUMN + 50,
            lane_top[lane_id] + PAD + rows[node_id] * ROW + 40,
        )

    diagram = etree.SubElement(
        root, _q(BPMNDI, "BPMNDiagram"), id=f"diagram_{process.get('id')}", nsmap={"bpmndi": BPMNDI, "dc": DC, "di": DI}
    )
    collaboration = root.find(_q(BPMN, "collaboration"))
    participant = collaboration.find(_q(BPMN, "participant")) if collaboration is not None else None
    plane = etree.SubElement(
        diagram,
        _q(BPMNDI, "BPMNPlane"),
        id=f"plane_{process.get('id')}",
        bpmnElement=(collaboration.get("id") if collaboration is not None else process.get("id")),
    )
    if participant is not None:
        _shape(plane, participant.get("id"), POOL_X, POOL_Y, HEADER + width, height, horizontal=True)
    for lane_id in lane_ids:
        if lane_id:
            band = lane_rows[lane_id] * ROW + 2 * PAD - ROW // 3
            _shape(plane, lane_id, POOL_X + HEADER, lane_top[lane_id], width, band, horizontal=True)
    for node_id, element in nodes.items():
        w, h = SIZES.get(etree.QName(element).localname, EVENT)
        cx, cy = centre[node_id]
        shape = _shape(plane, node_id, cx - w // 2, cy - h // 2, w, h)
        if etree.QName(element).localname == "exclusiveGateway":
            shape.set("isMarkerVisible", "true")
        if etree.QName(element).localname != "userTask" and element.get("name"):
            label = etree.SubElement(shape, _q(BPMNDI, "BPMNLabel"))
            etree.SubElement(label, _q(DC, "Bounds"), x=str(cx - 45), y=str(cy + h // 2 + 5), width="90", height="14")
    for flow in flows:
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        if source not in centre or target not in centre:
            continue
        edge = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow.get('id')}_di", bpmnElement=flow.get("id"))
        for x, y in _route(centre[source], _half_width(nodes[source]), centre[target], _half_width(nodes[target])):
            etree.SubElement(edge, _q(DI, "waypoint"), x=str(x), y=str(y))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


def _half_width(element) -> int:
    return SIZES.get(etree.QName(element).localname, EVENT)[0] // 2


def _shape(plane, element_id: str, x: int, y: int, w: int, h: int, horizontal: bool = False):
    shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{element_id}_di", bpmnElement=element_id)
    if horizontal:
        shape.set("isHorizontal", "true")
    etree.SubElement(shape, _q(DC, "Bounds"), x=str(x), y=str(y), width=str(w), height=str(h))
    return shape


def _route(source: tuple[int, int], source_half: int, target: tuple[int, int], target_half: int) -> list:
    (sx, sy), (tx, ty) = source, target
    start, end = (sx + source_half, sy), (tx - target_half, ty)
    if tx <= sx:  # a flow back: under the nodes
        low = max(sy, ty) + 60
        return [(sx, sy + 40), (sx, low), (tx, low), (tx, ty + 40)]
    if sy == ty:
        return [start, end]
    middle = (start[0] + end[0]) // 2
    return [start, (middle, sy), (middle, ty), end]


def _columns(nodes: dict, flows: list) -> dict[str, int]:
    """Longest distance from a start over the flows, back edges ignored (a loop back to 受理 after 补正)."""
    outgoing: dict[str, list[str]] = {n: [] for n in nodes}
    for flow in flows:
        if flow.get("targetRef") in nodes:
            outgoing[flow.get("sourceRef")].append(flow.get("targetRef"))
    incoming = {target for targets in outgoing.values() for target in targets}
    starts = [n for n in nodes if n not in incoming] or list(nodes)[:1]
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}

    def visit(node: str) -> None:  # depth-first, marking edges into the current path as back edges
        state[node] = 1
        for target in outgoing[node]:
            if state.get(target) == 1:
                back.add((node, target))
            elif target not in state:
                visit(target)
        state[node] = 2

    for start in starts:
        if start not in state:
            visit(start)
    column = dict.fromkeys(nodes, 0)
    order = _topological(nodes, outgoing, back)
    for node in order:
        for target in outgoing[node]:
            if (node, target) not in back:
                column[target] = max(column[target], column[node] + 1)
    return column


def _topological(nodes: dict, outgoing: dict, back: set) -> list[str]:
    indegree = dict.fromkeys(nodes, 0)
    for node, targets in outgoing.items():
        for target in targets:
            if (node, target) not in back:
                indegree[target] += 1
    ready = [n for n in nodes if indegree[n] == 0]
    order = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in outgoing[node]:
            if (node, target) in back:
                continue
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order
